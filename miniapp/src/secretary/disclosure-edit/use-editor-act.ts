// What the disclosure editor says about its last action (feedback.tsx shows it) and the one wrapper every action
// runs in: one at a time, busy while it runs, its refusal read into row errors, the existing disclosure, stale.
import { useState } from 'react'
import { ErrorCode } from '@cunwu/domain'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { ApiError } from '@/services/request'
import { errorText } from '@/utils/errors'
import { existingDisclosureOf, rowErrorsOf, type RowError } from '../components/row-errors'

export function useEditorAct() {
  const [rowErrors, setRowErrors] = useState<RowError[]>([])
  const [busy, setBusy] = useState<string | null>(null)
  const { once } = useSubmitOnce()
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  // The disclosure that already exists for this item and period (a 新建 form opened twice), to open instead.
  const [existingId, setExistingId] = useState<string | null>(null)
  // Someone else saved the draft since this copy was read (409 disclosure_stale): offer to load theirs.
  const [stale, setStale] = useState(false)

  /** Runs `action` labelled `label` (正在保存…): the last action's words cleared first, its refusal shown after. */
  const act = once(async (label: string, action: () => Promise<void>) => {
    setBusy(label)
    setError(null)
    setNotice(null)
    setExistingId(null)
    setStale(false)
    try {
      await action()
    } catch (err) {
      setRowErrors(rowErrorsOf(err))
      setExistingId(existingDisclosureOf(err))
      setStale(err instanceof ApiError && err.code === ErrorCode.DisclosureStale)
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  })

  return {
    act,
    busy,
    error,
    setError,
    notice,
    setNotice,
    existingId,
    stale,
    setStale,
    rowErrors,
    setRowErrors,
  }
}
