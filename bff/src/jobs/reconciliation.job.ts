import { shanghaiDateOf, shanghaiDateTimeOf } from '@cunwu/domain'
import type { PayServices } from '../services/pay.service'
import { BILL_READY_HOUR_CST } from '../services/reconciliation.service'

/**
 * Reconciles yesterday's trade bill (China Standard Time) once it is ready, unless that day was already done by
 * this process; returns what it did, or null when nothing was due. Re-running a day replaces its reports.
 */
export async function reconcileYesterdayIfDue(
  pay: PayServices,
  now: number,
  lastDone: string,
): Promise<{ date: string; reports: number } | null> {
  const cstHour = Number(shanghaiDateTimeOf(now).slice(11, 13))
  if (cstHour < BILL_READY_HOUR_CST) return null
  const date = shanghaiDateOf(now - 86_400_000)
  if (date === lastDone) return null
  const reports = await pay.reconciliation.runDay(date, now)
  return { date, reports: reports.length }
}
