import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { speechDownloadName, type SpeechDto } from '@cunwu/domain'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { getDisclosureBroadcast } from '@/services/api/speech'
import { apiUrl } from '@/services/request'
import { errorText } from '@/utils/errors'
import { isH5 } from '@/utils/platform'
import './broadcast-download.scss'

function minutes(ms: number): string {
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s}秒` : `${Math.floor(s / 60)}分${s % 60}秒`
}

/** Saves a text as a file in a browser. */
function saveText(text: string, filename: string): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  link.download = filename
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000)
}

/**
 * 村村通广播 (`docs/speech.md`): the loudspeaker script and audio of a published item, to play on the village's
 * broadcast system. In a browser both are saved as files; in WeChat the script is copied and the audio is sent to a
 * chat (文件传输助手 reaches the broadcast computer).
 */
export function BroadcastDownload({ disclosureId, title }: { disclosureId: string; title: string }) {
  const [speech, setSpeech] = useState<SpeechDto | null>(null)
  const { busy, once } = useSubmitOnce()
  const [message, setMessage] = useState<string | null>(null)

  const load = once(async () => {
    setMessage(null)
    try {
      setSpeech(await getDisclosureBroadcast(disclosureId))
    } catch (err) {
      setMessage(errorText(err))
    }
  })

  async function saveAudio(s: SpeechDto) {
    const ext = s.contentType === 'audio/wav' ? 'wav' : 'mp3'
    const url = apiUrl(s.audioUrl, { download: '1', name: speechDownloadName(`${title}-广播`) })
    if (isH5()) {
      window.open(url, '_blank', 'noopener')
      return
    }
    try {
      const { statusCode, tempFilePath } = await Taro.downloadFile({ url })
      if (statusCode !== 200) throw new Error(`download ${statusCode}`)
      await Taro.shareFileMessage({ filePath: tempFilePath, fileName: `${title}-广播.${ext}` })
    } catch {
      setMessage('音频没有保存下来，请再试一次')
    }
  }

  async function saveScript(s: SpeechDto) {
    if (isH5()) {
      saveText(s.text, `${title}-广播稿.txt`)
      return
    }
    await Taro.setClipboardData({ data: s.text })
    setMessage('广播稿已复制，可以粘贴发给播音的电脑')
  }

  return (
    <View className="cw-broadcast">
      <Text className="cw-broadcast__heading">村村通广播</Text>
      {!speech && (
        <Button
          className={`cw-btn cw-btn--ghost cw-broadcast__load${busy ? ' cw-btn--busy' : ''}`}
          {...(busy ? { disabled: true } : {})}
          onClick={() => void load()}
        >
          {busy ? '正在生成广播…' : '生成广播稿和音频'}
        </Button>
      )}
      {speech && (
        <View className="cw-broadcast__ready">
          <Text className="cw-broadcast__meta">广播时长约 {minutes(speech.durationMs)}，内容如下：</Text>
          <Text className="cw-broadcast__text" userSelect>
            {speech.text}
          </Text>
          <Button className="cw-btn cw-broadcast__audio" onClick={() => void saveAudio(speech)}>
            保存广播音频
          </Button>
          <Button
            className="cw-btn cw-btn--ghost cw-broadcast__script"
            onClick={() => void saveScript(speech)}
          >
            {isH5() ? '保存广播稿（文字）' : '复制广播稿（文字）'}
          </Button>
        </View>
      )}
      {message && (
        <View role="status">
          <Text className="cw-broadcast__message">{message}</Text>
        </View>
      )}
    </View>
  )
}
