import { useState } from 'react'
import { Button, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { AttachmentWithdrawSchema, type AttachmentDto } from '@cunwu/domain'
import { ConfirmDialog } from '@/components/confirm-dialog'
import { ReasonStep } from '@/components/reason-step'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { withdrawAttachment } from '@/services/api/attachment-withdrawals'
import { ApiError } from '@/services/request'
import { errorText } from '@/utils/errors'
import './index.scss'

/** Props of {@link WithdrawAttachment}. */
export interface WithdrawAttachmentProps {
  disclosureId: string
  attachment: Pick<AttachmentDto, 'id' | 'filename'>
  /** After the file was taken down (or found taken down already): the page reads the disclosure again. */
  onWithdrawn: () => void
}

/**
 * 撤下附件 for a published file that should not be public (a photo showing an ID card): the reason everyone will
 * read, checked as the BFF checks it (`AttachmentWithdrawSchema`), then a confirmation that says it cannot be undone.
 * Only for those who may withdraw (`mayWithdrawAttachmentsIn`); the BFF decides again.
 */
export function WithdrawAttachment({ disclosureId, attachment, onWithdrawn }: WithdrawAttachmentProps) {
  const [step, setStep] = useState<'closed' | 'reason' | 'confirm'>('closed')
  const [reason, setReason] = useState('')
  const [formError, setFormError] = useState<string | null>(null)
  const [sendError, setSendError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()

  const next = () => {
    const checked = AttachmentWithdrawSchema.safeParse({ reason })
    if (!checked.success) return setFormError(checked.error.issues[0]?.message ?? '请写明撤下原因')
    setFormError(null)
    setSendError(null)
    setStep('confirm')
  }
  const close = () => {
    setStep('closed')
    setReason('')
    setFormError(null)
  }

  const send = once(async () => {
    setSendError(null)
    try {
      await withdrawAttachment(disclosureId, attachment.id, AttachmentWithdrawSchema.parse({ reason }))
      close()
      void Taro.showToast({ title: '已撤下', icon: 'success' })
      onWithdrawn()
    } catch (err) {
      // Taken down meanwhile (by someone else, or a first try whose answer was lost): the list read again says so.
      if (err instanceof ApiError && (err.status === 409 || err.status === 404)) {
        close()
        void Taro.showToast({ title: withdrawErrorText(err), icon: 'none' })
        onWithdrawn()
        return
      }
      setSendError(withdrawErrorText(err))
    }
  })

  if (step === 'closed')
    return (
      <Button
        className="cw-btn cw-btn--ghost cw-withdraw__open"
        aria-label={`撤下附件：${attachment.filename}`}
        onClick={() => setStep('reason')}
      >
        撤下附件
      </Button>
    )
  return (
    <View className="cw-withdraw" role="group" aria-label={`撤下附件：${attachment.filename}`}>
      <ReasonStep
        label="撤下原因（村民会看到）"
        placeholder="例如 照片里能看到村民的身份证号"
        value={reason}
        onChange={setReason}
        error={formError}
        onNext={next}
        onCancel={close}
        cancelText="不撤下了"
      />
      {step === 'confirm' && (
        <ConfirmDialog
          title={`确定撤下“${attachment.filename}”？`}
          message={`撤下后，这个附件从这条公开的各个版本里去掉，文件会删除，谁都打不开，也不能恢复。大家会看到“附件已撤下”和原因：${reason.trim()}`}
          confirmText="确定撤下"
          cancelText="再想想"
          busy={busy}
          busyText="正在撤下…"
          error={sendError}
          onConfirm={() => void send()}
          onCancel={() => setStep('reason')}
        />
      )}
    </View>
  )
}

/** A refusal in words a secretary understands: the BFF's own sentence where it wrote one for this step. */
function withdrawErrorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 403) return '您没有撤下这个附件的权限'
  if (err instanceof ApiError && err.status === 404) return '这个附件已经不在了'
  return errorText(err)
}
