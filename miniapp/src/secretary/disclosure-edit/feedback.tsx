// What the disclosure editor says about its last action, just above its buttons: done, refused (in the BFF's
// words), the disclosure that already exists for the item and period, a draft someone else saved meanwhile, busy.
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ErrorBox } from '@/components/page-state'
import { draftUrl } from './draft-url'

export function EditorFeedback(props: {
  notice: string | null
  error: string | null
  /** The disclosure a 409 disclosure_exists named, to open instead. */
  existingId: string | null
  /** Someone else saved the draft since this page read it (409 disclosure_stale). */
  stale: boolean
  busy: string | null
  /** Loads the draft as it is now. */
  onReload: () => void
}) {
  const { notice, error, existingId, stale, busy, onReload } = props
  return (
    <View className="cw-sedit__feedback">
      {notice && (
        <View className="cw-sedit__notice" role="status">
          {notice}
        </View>
      )}
      {error && <ErrorBox title="没有办成" message={error} />}
      {existingId && (
        <Button
          className="cw-btn cw-btn--ghost cw-sedit__existing"
          onClick={() => void Taro.redirectTo({ url: draftUrl(existingId) })}
        >
          打开已有的内容
        </Button>
      )}
      {stale && (
        <View className="cw-sedit__stale">
          <Text className="cw-sedit__meta">
            载入后，这里还没保存的修改会被别人的内容替换，需要的请先记下来。
          </Text>
          <Button className="cw-btn cw-btn--ghost" onClick={onReload}>
            载入最新内容
          </Button>
        </View>
      )}
      {busy && <Text className="cw-sedit__busy">{busy}</Text>}
    </View>
  )
}
