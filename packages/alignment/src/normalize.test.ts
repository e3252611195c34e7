import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  fullFitsMaskedCell,
  idCompatible,
  idTail,
  maskedDigitsCompatible,
  normalizeDigits,
  normalizeHouseholdNo,
  normalizeIdNumber,
  normalizeKey,
  normalizeName,
  normalizeText,
  normalizeTextKey,
} from './normalize'

const FULL = '11010519491231002X'

describe('normalizeText', () => {
  it('should turn full-width characters half-width and drop invisible characters', () => {
    expect(normalizeText('\uFEFF　ＡＢＣ１２３\u200B ')).toBe('ABC123')
    expect(normalizeText('王\u3000建国\t\n')).toBe('王 建国')
  })

  it('should be idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => normalizeText(normalizeText(s)) === normalizeText(s)),
    )
  })
})

describe('normalizeTextKey', () => {
  it('should remove spaces and fold ASCII case', () => {
    expect(normalizeTextKey(' c 级 ')).toBe('C级')
    expect(normalizeTextKey('Ｃ级')).toBe('C级')
  })

  it('should fold only ASCII letters, so that a second pass changes nothing (found by fast-check: ΐ, ῒ)', () => {
    for (const s of ['ΐ', 'ῒ', 'ß', 'é 级']) {
      const once = normalizeTextKey(s)
      expect(normalizeTextKey(once)).toBe(once)
      expect(normalizeName(normalizeName(s))).toBe(normalizeName(s))
      expect(normalizeHouseholdNo(normalizeHouseholdNo(s))).toBe(normalizeHouseholdNo(s))
    }
    expect(normalizeTextKey('é 级')).toBe('é级')
  })

  it('should be idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = normalizeTextKey(s)
        return normalizeTextKey(once) === once
      }),
    )
  })
})

describe('normalizeName', () => {
  it('should ignore spaces, full-width letters and invisible characters', () => {
    expect(normalizeName(' 王 建\u200B国 ')).toBe('王建国')
    expect(normalizeName('ｌｉ　ｗｅｉ')).toBe('LIWEI')
  })

  it('should unify 〇/○/◯/零', () => {
    expect(normalizeName('王○')).toBe('王〇')
    expect(normalizeName('王◯')).toBe('王〇')
    expect(normalizeName('王零')).toBe('王〇')
    expect(normalizeName('王〇')).toBe('王〇')
  })

  it('should strip trailing annotations', () => {
    expect(normalizeName('王建国（户主）')).toBe('王建国')
    expect(normalizeName('王建国(已故)*')).toBe('王建国')
    expect(normalizeName('王建国【代领】※')).toBe('王建国')
    expect(normalizeName('阿卜杜拉•买买提')).toBe('阿卜杜拉·买买提')
  })

  it('should keep a name that is only an annotation', () => {
    expect(normalizeName('（空）')).toBe('(空)')
  })

  it('should be idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => normalizeName(normalizeName(s)) === normalizeName(s)),
    )
  })
})

describe('normalizeHouseholdNo', () => {
  it('should treat 003, 3, 三组-003, 3组003号 and full-width digits alike', () => {
    for (const v of [
      '003',
      '3',
      '三组-003',
      '3组003号',
      '户号：００３',
      ' 0 0 3 ',
      '第三村民小组/003',
      'No.3',
    ]) {
      expect(normalizeHouseholdNo(v)).toBe('3')
    }
  })

  it('should keep sub-household numbers apart', () => {
    expect(normalizeHouseholdNo('003-01')).toBe('3-1')
    expect(normalizeHouseholdNo('003-02')).not.toBe(normalizeHouseholdNo('003-01'))
    expect(normalizeHouseholdNo('A012')).toBe('A12')
  })

  it('should be idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const once = normalizeHouseholdNo(s)
        return normalizeHouseholdNo(once) === once
      }),
    )
  })
})

describe('normalizeIdNumber', () => {
  it('should read full numbers with spaces, hyphens, full-width digits and a lower-case x', () => {
    expect(normalizeIdNumber('110105 19491231 002x')).toEqual({ kind: 'full', value: FULL })
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toEqual({ kind: 'full', value: FULL })
  })

  it('should upgrade a 15-digit first-generation number', () => {
    expect(normalizeIdNumber('110105491231002')).toEqual({ kind: 'full', value: FULL })
  })

  it('should read masked numbers and tails', () => {
    expect(normalizeIdNumber('110***********002X')).toEqual({
      kind: 'partial',
      prefix: '110',
      suffix: '002X',
      length: 18,
    })
    expect(normalizeIdNumber('110XXXXXXXXXXX002X')).toEqual({
      kind: 'partial',
      prefix: '110',
      suffix: '002X',
      length: 18,
    })
    expect(normalizeIdNumber('002X')).toEqual({ kind: 'partial', prefix: '', suffix: '002X', length: null })
    expect(normalizeIdNumber('31002X')).toEqual({
      kind: 'partial',
      prefix: '',
      suffix: '31002X',
      length: null,
    })
  })

  it('should return null for a blank cell and other for garbage', () => {
    expect(normalizeIdNumber('  ')).toBeNull()
    expect(normalizeIdNumber('无')?.kind).toBe('other')
  })
})

describe('idCompatible', () => {
  const full = { kind: 'full', value: FULL } as const
  it('should accept a masked number or a tail of the full number', () => {
    for (const v of ['110***********002X', '002X', '31002X', '1101**********002X']) {
      const key = normalizeIdNumber(v)
      expect(key && idCompatible(full, key)).toBe(true)
      expect(key && idCompatible(key, full)).toBe(true)
    }
  })

  it('should reject a different tail or head', () => {
    for (const v of ['120***********002X', '0021', '110101194912310021']) {
      const key = normalizeIdNumber(v)
      expect(key && idCompatible(full, key)).toBe(false)
    }
  })

  it('should give the last four known characters as the tail', () => {
    expect(idTail(full)).toBe('002X')
    const key = normalizeIdNumber('02X')
    expect(key && idTail(key)).toBeNull()
  })
})

describe('normalizeDigits', () => {
  it('should drop +86 and keep masks', () => {
    expect(normalizeDigits('+86 138-0013-8000', 'phone')).toBe('13800138000')
    expect(normalizeDigits('138****8000', 'phone')).toBe('138****8000')
    expect(maskedDigitsCompatible('13800138000', '138****8000')).toBe(true)
    expect(maskedDigitsCompatible('13800138001', '138****8000')).toBe(false)
  })
})

describe('normalizeKey', () => {
  it('should expose the family under one object', () => {
    expect(normalizeKey.name('王 〇')).toBe('王〇')
    expect(normalizeKey.householdNo('三组-003')).toBe('3')
    expect(normalizeKey.bankAccount('6217 0000 1234 5678')).toBe('6217000012345678')
  })
})

describe('fast paths', () => {
  const digits = (min: number, max: number): fc.Arbitrary<string> =>
    fc.string({ unit: fc.constantFrom('0', '1', '2', '9'), minLength: min, maxLength: max })

  it('should read a grouped 户号 (三组-003, 3组003) as the general steps do', () => {
    const grouped = fc
      .tuple(
        fc.string({ unit: fc.constantFrom('三', '第', '村', '民', '小', '组', '队', '2'), maxLength: 4 }),
        fc.constantFrom('组', '队', '社', '屯', '片'),
        fc.string({ unit: fc.constantFrom('-', '_', '/', ':'), maxLength: 2 }),
        digits(1, 5),
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(grouped, (text) => {
        // A trailing 号 is removed by the general steps and keeps the fast path from applying.
        expect(normalizeHouseholdNo(text)).toBe(normalizeHouseholdNo(`${text}号`))
        expect(normalizeHouseholdNo(text)).toMatch(/^(0|[1-9]\d*)$/)
      }),
    )
  })

  it('should read the common masked ID form as its pattern says', () => {
    const masked = fc
      .tuple(digits(0, 6), fc.integer({ min: 4, max: 14 }), digits(0, 3), fc.constantFrom('0', '7', 'X', 'x'))
      .map(([head, stars, tail, last]) => `${head}${'*'.repeat(stars)}${tail}${last}`)
    fc.assert(
      fc.property(masked, (text) => {
        const m = /^(\d{0,6})\*{4,}(\d{0,3}[\dXx])$/.exec(text)
        expect(normalizeIdNumber(text)).toEqual({
          kind: 'partial',
          prefix: m?.[1],
          suffix: m?.[2]?.toUpperCase(),
          length: text.length === 18 ? 18 : null,
        })
      }),
    )
  })

  it('should check a full ID against a masked one as idCompatible does', () => {
    const full = fc.tuple(digits(17, 17), fc.constantFrom('0', 'X', 'x')).map(([d, last]) => `${d}${last}`)
    const maskedOf = (id: string): fc.Arbitrary<string> =>
      fc
        .tuple(fc.nat({ max: 6 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.nat({ max: 3 }))
        .map(([head, tail, same, stars]) => {
          const source = same ? id : `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`
          return `${source.slice(0, head)}${'*'.repeat(18 - head - tail + stars)}${source.slice(18 - tail)}`
        })
    fc.assert(
      fc.property(
        full.chain((id) => fc.tuple(fc.constant(id), maskedOf(id))),
        ([id, masked]) => {
          const a = normalizeIdNumber(id)
          const b = normalizeIdNumber(masked)
          expect(a && b && idCompatible(a, b)).toBe(fullFitsMaskedCell(id, masked))
          expect(fullFitsMaskedCell(masked, id)).toBeNull()
        },
      ),
    )
  })
})
