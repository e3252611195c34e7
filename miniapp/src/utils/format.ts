import { shanghaiDateTimeOf } from '@cunwu/domain'

/**
 * Formats an ISO timestamp as "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai, whatever the phone's or browser's time zone
 * (dates on notices are China dates), or returns it unchanged when it is not a date.
 */
export function formatDateTime(iso: string): string {
  const time = new Date(iso).getTime()
  if (Number.isNaN(time)) return iso
  try {
    return shanghaiDateTimeOf(time).replace('T', ' ')
  } catch {
    // A year past 9999 has no 'YYYY-MM-DD' form.
    return iso
  }
}
