import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { SpeechDto } from '@cunwu/domain'
import { getDisclosureSpeech } from '@/services/api/speech'
import { apiUrl } from '@/services/request'
import { errorText } from '@/utils/errors'
import './index.scss'

/** Playback speeds offered: slower for older listeners, a little faster for those who know the list. */
export const READ_ALOUD_RATES = [0.8, 1, 1.25] as const
type Rate = (typeof READ_ALOUD_RATES)[number]

type Part = 'summary' | 'list'
type State =
  | { kind: 'idle' }
  | { kind: 'loading'; part: Part }
  | { kind: 'ready'; part: Part; speech: SpeechDto; playing: boolean; position: number; duration: number }
  | { kind: 'error'; message: string }

/** m:ss of seconds. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

function rateLabel(rate: Rate): string {
  return `${rate}倍`
}

/**
 * 读给我听 (`docs/speech.md`): a large button that reads a public disclosure aloud, with play/pause, progress and
 * speed. The audio plays through Taro's InnerAudioContext (an HTML audio element in H5), which is not part of the
 * page, so it keeps playing while the page scrolls; the controls stick to the top of the screen meanwhile.
 */
/** Props of {@link ReadAloud}: the public disclosure to read, or a loader of another script (a 办事指南's). */
export type ReadAloudProps = { disclosureId: string } | { load: () => Promise<SpeechDto> }

export function ReadAloud(props: ReadAloudProps) {
  const [state, setState] = useState<State>({ kind: 'idle' })
  const [rate, setRate] = useState<Rate>(1)
  const audio = useRef<Taro.InnerAudioContext | null>(null)

  // The audio stops when the reader leaves the item.
  useEffect(() => () => audio.current?.destroy(), [])

  function update(patch: Partial<Extract<State, { kind: 'ready' }>>) {
    setState((s) => (s.kind === 'ready' ? { ...s, ...patch } : s))
  }

  async function start(part: Part) {
    audio.current?.destroy()
    audio.current = null
    setState({ kind: 'loading', part })
    let speech: SpeechDto
    try {
      speech = await ('load' in props ? props.load() : getDisclosureSpeech(props.disclosureId, part))
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) })
      return
    }
    const ctx = Taro.createInnerAudioContext()
    audio.current = ctx
    ctx.src = apiUrl(speech.audioUrl)
    ctx.playbackRate = rate
    ctx.onPlay(() => update({ playing: true }))
    ctx.onPause(() => update({ playing: false }))
    ctx.onStop(() => update({ playing: false, position: 0 }))
    ctx.onEnded(() => update({ playing: false, position: 0 }))
    ctx.onCanplay(() => {
      if (ctx.duration > 0) update({ duration: ctx.duration })
    })
    ctx.onTimeUpdate(() =>
      update({ position: ctx.currentTime, ...(ctx.duration > 0 ? { duration: ctx.duration } : {}) }),
    )
    ctx.onError(() => {
      ctx.destroy()
      if (audio.current === ctx) audio.current = null
      setState({ kind: 'error', message: '声音没有放出来，请再试一次' })
    })
    setState({ kind: 'ready', part, speech, playing: false, position: 0, duration: speech.durationMs / 1000 })
    ctx.play()
  }

  function toggle() {
    const ctx = audio.current
    if (!ctx || state.kind !== 'ready') return
    if (state.playing) ctx.pause()
    else ctx.play()
  }

  function chooseRate(next: Rate) {
    setRate(next)
    if (audio.current) audio.current.playbackRate = next
  }

  if (state.kind === 'idle' || state.kind === 'error' || state.kind === 'loading') {
    return (
      <View className="cw-read-aloud">
        <Button
          // Taro's H5 button re-renders its spinner out of step with React (insertBefore errors), so busy is shown
          // by the text and the disabled state, as the other buttons of the app do.
          className={`cw-btn cw-read-aloud__start${state.kind === 'loading' ? ' cw-btn--busy' : ''}`}
          {...(state.kind === 'loading' ? { disabled: true } : {})}
          onClick={() => void start('summary')}
        >
          {state.kind === 'loading' ? '正在准备声音…' : '读给我听'}
        </Button>
        {state.kind === 'error' && (
          <View role="alert">
            <Text className="cw-read-aloud__error">{state.message}</Text>
          </View>
        )}
      </View>
    )
  }

  const percent = state.duration > 0 ? Math.min(100, Math.round((state.position / state.duration) * 100)) : 0
  return (
    <View className="cw-read-aloud cw-read-aloud--active" role="region" aria-label="读给我听">
      <View className="cw-read-aloud__row">
        <Button className="cw-btn cw-read-aloud__toggle" onClick={toggle}>
          {state.playing ? '暂停' : '继续听'}
        </Button>
        <Text className="cw-read-aloud__time">
          {clock(state.position)} / {clock(state.duration)}
        </Text>
      </View>
      <View
        className="cw-read-aloud__track"
        role="progressbar"
        aria-label="朗读进度"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <View className="cw-read-aloud__bar" style={{ width: `${percent}%` }} />
      </View>
      <View className="cw-read-aloud__rates" role="group" aria-label="朗读速度">
        {READ_ALOUD_RATES.map((r) => (
          <Button
            key={r}
            className={`cw-read-aloud__rate${r === rate ? ' cw-read-aloud__rate--on' : ''}`}
            aria-pressed={r === rate}
            onClick={() => chooseRate(r)}
          >
            {rateLabel(r)}
          </Button>
        ))}
      </View>
      {state.part === 'summary' && state.speech.hasList && (
        <Button className="cw-btn cw-btn--ghost cw-read-aloud__list" onClick={() => void start('list')}>
          逐个收听
        </Button>
      )}
    </View>
  )
}
