export * from './types'
export { compareTables } from './compare'
export { resolveKeyColumns } from './key-columns'
export { showCell } from './columns'
export { comparisonFingerprint, canonicalJson, fnv1a64, ALIGNMENT_VERSION } from './fingerprint'
export {
  normalizeKey,
  normalizeText,
  normalizeTextKey,
  normalizeName,
  normalizeHouseholdNo,
  normalizeIdNumber,
  normalizeDigits,
  idTail,
  idCompatible,
  idKeyString,
  maskedDigitsCompatible,
  isBlank,
  type IdKey,
} from './normalize'
export {
  parseAmountFen,
  parseShanghaiDay,
  parseDecimal,
  parseBoolean,
  formatYuan,
  type Parsed,
} from './values'
export { readFigure } from './figures'
export * from './cross-checks'
