/** The simulator's notion of "now", controllable from tests without sleeping. */
export interface SimClock {
  /** Current simulated time in milliseconds since the epoch. */
  now(): number
  /** Moves simulated time forward (or back, with a negative value). */
  advance(ms: number): void
}

/** Creates a clock over a base time source (Date.now by default) plus an adjustable offset. */
export function createClock(base: () => number = Date.now): SimClock {
  let offset = 0
  return {
    now: () => base() + offset,
    advance: (ms: number) => {
      offset += ms
    },
  }
}

/** Formats a time as RFC 3339 in China Standard Time, the form WeChat Pay uses (2018-06-08T10:34:56+08:00). */
export function toRfc3339Cst(ms: number): string {
  const d = new Date(ms + 8 * 3600_000)
  return `${d.toISOString().slice(0, 19)}+08:00`
}

/** Formats a time as `yyyy-MM-dd HH:mm:ss` in China Standard Time, as in trade bills. */
export function toCstDateTime(ms: number): string {
  return toRfc3339Cst(ms).slice(0, 19).replace('T', ' ')
}

/** The China Standard Time calendar date (yyyy-MM-dd) of a time. */
export function toCstDate(ms: number): string {
  return toRfc3339Cst(ms).slice(0, 10)
}
