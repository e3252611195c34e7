/** Period keys inside a period (itself included): a year holds its halves, quarters and months. */
export function periodsWithin(period: string): string[] {
  const year = period.slice(0, 4)
  const months = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`)
  if (/^\d{4}$/.test(period))
    return [year, `${year}-H1`, `${year}-H2`, ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`), ...months(1, 12)]
  const h = /^\d{4}-H([12])$/.exec(period)
  if (h) {
    const half = Number(h[1])
    return [period, `${year}-Q${half * 2 - 1}`, `${year}-Q${half * 2}`, ...months(half === 1 ? 1 : 7, 6)]
  }
  const q = /^\d{4}-Q([1-4])$/.exec(period)
  if (q) return [period, ...months((Number(q[1]) - 1) * 3 + 1, 3)]
  return [period]
}
