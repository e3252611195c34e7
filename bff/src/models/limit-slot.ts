/**
 * The field that numbers an active record's place under its limit (lib/limit-slots.ts): `limitSlot`,
 * `<scope>#<n>` while the record counts (a village's matter in deliberation, a person's follow), null once it no
 * longer does. A model under such a limit indexes it unique over strings with this, and clears it in the same write
 * that ends the record.
 */
export const LIMIT_SLOT_INDEX = {
  spec: { limitSlot: 1 },
  options: { unique: true, partialFilterExpression: { limitSlot: { $type: 'string' } } },
} as const
