import { fnv1a64 } from '../fingerprint'
import { fullIdNumber, normalizeDigits } from '../normalize'
import type { CrossCheckList, ExitReason } from './types'

/**
 * What links a village list to other villages' lists: hashes of its full ID numbers and whole accounts, normalised
 * as the checks normalise them. A changed list is re-checked against only the lists that share one of these keys.
 */
export function linkKeysOf(list: Pick<CrossCheckList, 'rows'>): { idKeys: string[]; accountKeys: string[] } {
  const ids = new Set<string>()
  const accounts = new Set<string>()
  for (const row of list.rows) {
    const id = typeof row.id_number === 'string' ? fullIdNumber(row.id_number) : null
    if (id) ids.add(fnv1a64(id))
    const raw = row.bank_account
    if (typeof raw === 'string' || typeof raw === 'number') {
      const account = normalizeDigits(String(raw), 'bank_account')
      if (account.length >= 8 && !account.includes('*')) accounts.add(fnv1a64(account))
    }
  }
  return { idKeys: [...ids], accountKeys: [...accounts] }
}

const DIED = /去世|死亡|病故|逝世|亡故|身故/
const MOVED = /迁出|迁走|迁往|户口迁|户籍迁|销户/

/**
 * Whether the reason a secretary wrote when ending a membership says the person died or their 户口 moved out
 * (the two exits that end entitlement to a village's lists), or null for any other reason (误批, 重复申请 …).
 */
export function exitReasonOf(reason: string | null | undefined): ExitReason | null {
  if (!reason) return null
  if (DIED.test(reason)) return 'died'
  if (MOVED.test(reason)) return 'moved_out'
  return null
}
