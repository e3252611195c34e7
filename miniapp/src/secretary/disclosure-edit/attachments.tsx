import { Button, Text, View } from '@tarojs/components'
import { isPublicDisclosureStatus, type DisclosureDto } from '@cunwu/domain'
import { WithdrawAttachment } from '@/components/attachment-withdraw'

/** Props of {@link AttachmentList}. */
export interface AttachmentListProps {
  disclosure: DisclosureDto
  /** A draft: its files can be deleted and new ones added. */
  editable: boolean
  onDelete: (fileId: string) => void
  onAttach: () => void
  /** After 撤下附件: the page reads the disclosure again. */
  onWithdrawn: () => void
}

/**
 * The files of a disclosure in the editor: a draft's are deleted (删除附件) and added; a public version's (published,
 * superseded, expired, retracted) are taken down with a reason everyone reads (撤下附件, docs/versions.md), and
 * those taken down say 附件已撤下 with the reason, as on the item page.
 */
export function AttachmentList({
  disclosure: d,
  editable,
  onDelete,
  onAttach,
  onWithdrawn,
}: AttachmentListProps) {
  const withdrawn = d.withdrawnAttachments ?? []
  const canWithdraw = isPublicDisclosureStatus(d.status)
  return (
    <View className="cw-sedit__attachments">
      <Text className="cw-sedit__heading">附件</Text>
      {d.attachments.length === 0 && withdrawn.length === 0 && (
        <Text className="cw-sedit__meta">还没有附件</Text>
      )}
      {withdrawn.map((w) => (
        <View key={w.id} className="cw-list-row cw-sedit__attachment cw-sedit__withdrawn">
          <Text className="cw-sedit__value">附件已撤下</Text>
          <Text className="cw-sedit__meta">原因：{w.reason}</Text>
        </View>
      ))}
      {d.attachments.map((a) => (
        <View key={a.id} className="cw-list-row cw-sedit__attachment">
          <Text className="cw-sedit__value">{a.filename}</Text>
          {editable && (
            <Button className="cw-btn cw-btn--danger" onClick={() => onDelete(a.id)}>
              删除附件
            </Button>
          )}
          {canWithdraw && <WithdrawAttachment disclosureId={d.id} attachment={a} onWithdrawn={onWithdrawn} />}
        </View>
      ))}
      {editable && (
        <Button className="cw-btn cw-btn--ghost cw-sedit__attach" onClick={onAttach}>
          添加图片或 PDF（不超过 10 MB）
        </Button>
      )}
    </View>
  )
}
