import { PROVISIONAL_DATE_NOTE, shanghaiDateTimeOf } from '@cunwu/domain'

// How villagers read times: 2026年12月7日 12:26, in China time, without seconds (an outside tester found machine
// formats with seconds on deadlines and publication times). The one home of that rule; docs/miniapp.md.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** The China-time parts of an ISO instant, or null when it is not a date (or has no 4-digit year). */
function partsOf(iso: string): { y: number; m: number; d: number; time: string } | null {
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
  const [y, m, d] = date.split('-').map(Number)
  if (!y || !m || !d) return null
  return { y, m, d, time: time.slice(0, 5) }
}

/** "2026年12月7日 12:26" (China time) for an ISO instant; text that is not a date comes back unchanged. */
export function formatDateTime(iso: string): string {
  const p = partsOf(iso)
  return p ? `${p.y}年${p.m}月${p.d}日 ${p.time}` : iso
}

/**
 * "2026年12月7日" for a calendar day ("2026-12-07", a deadline) or an ISO instant (its China day); text that is
 * neither comes back unchanged.
 */
export function formatDate(dayOrIso: string): string {
  const day = DAY.exec(dayOrIso)
  if (day) return `${Number(day[1])}年${Number(day[2])}月${Number(day[3])}日`
  const p = partsOf(dayOrIso)
  return p ? `${p.y}年${p.m}月${p.d}日` : dayOrIso
}

/**
 * A last day to do something, as deadlines read everywhere: "2027年1月15日（含当天）" (the day itself is in time), and
 * "（放假安排还没有公布，…可能会变）" after it when it was counted on a year without holiday data (`provisional`).
 */
export function formatDueDate(day: string, provisional = false): string {
  return `${formatDate(day)}（含当天）${provisionalNote(provisional)}`
}

/** The bracketed note after a date counted on a year whose holiday arrangement is not out yet; '' otherwise. */
export function provisionalNote(provisional: boolean | undefined): string {
  return provisional ? `（${PROVISIONAL_DATE_NOTE}）` : ''
}
