import { useState } from 'react'
import type { Region } from '@cunwu/domain'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { ReasonStep, type ReasonStepProps } from '@/components/reason-step'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { adminErrorText } from '../shared'

/** What the confirmation says: the question, what changes, and the words of its button while idle and while sending. */
export interface Confirmation {
  title: string
  message: string
  confirmText: string
  busyText: string
}

/** Props of {@link CheckedConfirm}. */
export interface CheckedConfirmProps {
  /** The reason field and the way out of the form (`ReasonStep`); why 下一步 was refused is this step's own. */
  reason: Pick<ReasonStepProps, 'label' | 'placeholder' | 'value' | 'onChange' | 'onCancel' | 'cancelText'>
  /** Checks the whole form as the BFF will (its schema): why it cannot be sent, or null to go on. */
  check: () => string | null
  /** The confirmation, read when it opens (the form is checked by then). */
  confirmation: () => Confirmation
  /** Sends the form; the region the BFF answers goes to `onDone`. */
  send: () => Promise<Region>
  onDone: (village: Region) => void
}

/**
 * The end of each 撤并村 form (登记撤并 / 修改撤并信息, 撤销撤并): the reason, 下一步 checking the form, a confirmation
 * that says what changes, then the request, sent once per tap (`useSubmitOnce`), with a refusal shown in the dialog in
 * the BFF's own sentence (`adminErrorText`). Nothing is sent before the confirmation.
 */
export function CheckedConfirm({ reason, check, confirmation, send, onDone }: CheckedConfirmProps) {
  const [formError, setFormError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [sendError, setSendError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()

  const next = () => {
    const refused = check()
    if (refused !== null) return setFormError(refused)
    setFormError(null)
    setSendError(null)
    setConfirming(true)
  }
  const submit = once(async () => {
    setSendError(null)
    try {
      onDone(await send())
    } catch (err) {
      setSendError(adminErrorText(err))
    }
  })

  return (
    <>
      <ReasonStep {...reason} error={formError} onNext={next} />
      {confirming && (
        <ConfirmDialog
          {...confirmation()}
          cancelText="再想想"
          busy={busy}
          error={sendError}
          onConfirm={() => void submit()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </>
  )
}
