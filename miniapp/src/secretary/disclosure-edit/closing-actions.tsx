// The bottom of the disclosure editor: 保存草稿 and 提交乡镇审核 for a draft, the line for one under review, a
// corrected version or retracting for a public one, and the broadcast download of a published one.
import { Button, Text, View } from '@tarojs/components'
import { isCorrectableStatus, isRetractableStatus, type DisclosureDto } from '@cunwu/domain'
import { BroadcastDownload } from '../components/broadcast-download'
import { PublishedActions } from './parts'

export function ClosingActions(props: {
  d: DisclosureDto | null
  editable: boolean
  busy: string | null
  onSave: () => void
  onSubmit: () => void
  onNewVersion: (changeNote: string) => void
  onRetract: (reason: string) => void
}) {
  const { d, editable, busy } = props
  return (
    <>
      {editable && (
        <View className="cw-sedit__actions">
          <Button
            className={`cw-btn cw-btn--ghost cw-sedit__save${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={props.onSave}
          >
            保存草稿
          </Button>
          <Button
            className={`cw-btn cw-sedit__submit${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={props.onSubmit}
          >
            提交乡镇审核
          </Button>
        </View>
      )}
      {d?.status === 'pending_review' && <Text className="cw-sedit__meta">已提交，等待乡镇审核。</Text>}

      {d && isCorrectableStatus(d.status) && (
        <PublishedActions
          disclosureId={d.id}
          retractable={isRetractableStatus(d.status)}
          onNewVersion={props.onNewVersion}
          onRetract={props.onRetract}
        />
      )}
      {d?.status === 'published' && <BroadcastDownload disclosureId={d.id} title={d.title} />}
    </>
  )
}
