import { chineseDate, provisionalNote, shanghaiDateTimeOf } from '@cunwu/domain'

// How villagers read times: 2026年12月7日 12:26, in China time, without seconds (an outside tester found machine
// formats with seconds on deadlines and publication times). The day is written by `chineseDate` of @cunwu/domain,
// the one way a villager-facing date is written (the BFF's posters and texts use it too); docs/miniapp.md.

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The China day ('YYYY-MM-DD') and time of an ISO instant, or null when it is not a date (or has no 4-digit year). */
function partsOf(iso: string): { date: string; time: string } | null {
  const t = new Date(iso).getTime()
  if (Number.isNaN(t)) return null
  let local: string
  try {
    local = shanghaiDateTimeOf(t) // YYYY-MM-DDTHH:mm:ss
  } catch {
    // A year past 9999 has no 'YYYY-MM-DD' form.
    return null
  }
  const [date = '', time = ''] = local.split('T')
  if (!DAY.test(date) || Number(date.slice(0, 4)) === 0) return null
  return { date, time: time.slice(0, 5) }
}

/** "2026年12月7日 12:26" (China time) for an ISO instant; text that is not a date comes back unchanged. */
export function formatDateTime(iso: string): string {
  const p = partsOf(iso)
  return p ? `${chineseDate(p.date)} ${p.time}` : iso
}

/**
 * "2026年12月7日" for a calendar day ("2026-12-07", a deadline) or an ISO instant (its China day); text that is
 * neither comes back unchanged.
 */
export function formatDate(dayOrIso: string): string {
  if (DAY.test(dayOrIso)) return chineseDate(dayOrIso)
  const p = partsOf(dayOrIso)
  return p ? chineseDate(p.date) : dayOrIso
}

/**
 * A last day to do something, as deadlines read everywhere: "2027年1月15日（含当天）" (the day itself is in time), and
 * "（放假安排还没有公布，…可能会变）" after it when it was counted on a year without holiday data (`provisional`).
 */
export function formatDueDate(day: string, provisional = false): string {
  return `${formatDate(day)}（含当天）${provisionalNote(provisional)}`
}

/** The bracketed note after a provisional date: @cunwu/domain's one wording (schedules/working-days.ts). */
export { provisionalNote }
