/**
 * The order of a government roster's rows: villages in division-code order, and within a village the rows in the
 * order they were given (a stable sort). Rosters are stored and paged in this order, so an import's worker sends
 * the rows this way and the BFF can store them as they arrive.
 * @param villages the division code of each row
 * @returns the row indices in roster order
 */
export function rosterOrder(villages: readonly string[]): number[] {
  const order = villages.map((_, i) => i)
  // Array.prototype.sort is stable (ES2019), so rows of one village keep their order.
  return order.sort((a, b) => {
    const x = villages[a] ?? ''
    const y = villages[b] ?? ''
    return x < y ? -1 : x > y ? 1 : 0
  })
}
