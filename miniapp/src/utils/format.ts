const pad2 = (n: number) => String(n).padStart(2, '0')

/** China Standard Time is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000

/**
 * Formats an ISO timestamp as "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai, whatever the phone's or browser's time zone
 * (dates on notices are China dates), or returns it unchanged when it is not a date.
 */
export function formatDateTime(iso: string): string {
  const time = new Date(iso).getTime()
  if (Number.isNaN(time)) return iso
  const d = new Date(time + SHANGHAI_OFFSET_MS)
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  return `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
}
