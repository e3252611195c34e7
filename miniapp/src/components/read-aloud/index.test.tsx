import { act, fireEvent, render } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession } from '../../../test/support/render'
import { ReadAloud } from './index'

const id = '65f0000000000000000000d1'

/** A stand-in for Taro's InnerAudioContext that records what the component asks of it and lets the test fire events. */
class FakeAudio {
  src = ''
  playbackRate = 1
  duration = 0
  currentTime = 0
  played = 0
  paused = 0
  destroyed = false
  private readonly handlers = new Map<string, () => void>()
  play() {
    this.played++
    this.fire('Play')
  }
  pause() {
    this.paused++
    this.fire('Pause')
  }
  destroy() {
    this.destroyed = true
  }
  fire(name: string) {
    act(() => this.handlers.get(name)?.())
  }
  onPlay = (cb: () => void) => this.handlers.set('Play', cb)
  onPause = (cb: () => void) => this.handlers.set('Pause', cb)
  onStop = (cb: () => void) => this.handlers.set('Stop', cb)
  onEnded = (cb: () => void) => this.handlers.set('Ended', cb)
  onCanplay = (cb: () => void) => this.handlers.set('Canplay', cb)
  onTimeUpdate = (cb: () => void) => this.handlers.set('TimeUpdate', cb)
  onError = (cb: () => void) => this.handlers.set('Error', cb)
}

function speech(part: string, hasList: boolean) {
  return {
    status: 200,
    body: {
      text: `${part}的朗读稿`,
      audioUrl: `/api/v1/speech/${'a'.repeat(64)}.mp3`,
      contentType: 'audio/mpeg',
      durationMs: 65_000,
      hasList,
    },
  }
}

describe('ReadAloud', () => {
  let audios: FakeAudio[]
  beforeEach(() => {
    resetSession()
    audios = []
    taroMock.createInnerAudioContext.mockImplementation(() => {
      const a = new FakeAudio()
      audios.push(a)
      return a
    })
  })

  it('should fetch the script, play its audio, pause, change speed and show the progress', async () => {
    fakeBff({ [`GET /api/v1/disclosures/${id}/speech`]: () => speech('summary', false) })
    const { container, getByText } = render(<ReadAloud disclosureId={id} />)
    fireEvent.click(getByText('读给我听'))
    await flush()
    const a = audios[0]
    expect(a?.src).toMatch(new RegExp(`/api/v1/speech/a{64}\\.mp3$`))
    expect(a?.played).toBe(1)
    expect(getByText('暂停')).toBeTruthy()
    // Until the audio reports its length, the server's durationMs stands in.
    expect(container.querySelector('.cw-read-aloud__time')?.textContent).toBe('0:00 / 1:05')
    if (a) {
      a.duration = 64.5
      a.currentTime = 32.25
      a.fire('TimeUpdate')
    }
    const bar = container.querySelector('[role="progressbar"]')
    expect(bar?.getAttribute('aria-valuenow')).toBe('50')
    expect(container.querySelector('.cw-read-aloud__time')?.textContent).toBe('0:32 / 1:04')
    fireEvent.click(getByText('暂停'))
    expect(a?.paused).toBe(1)
    expect(getByText('继续听')).toBeTruthy()
    fireEvent.click(getByText('0.8倍'))
    expect(a?.playbackRate).toBe(0.8)
    expect(getByText('0.8倍').getAttribute('aria-pressed')).toBe('true')
    expect(container.textContent).not.toContain('逐个收听')
  })

  it('should offer a long list row by row, replacing the summary audio', async () => {
    fakeBff({
      [`GET /api/v1/disclosures/${id}/speech`]: (req) => speech(req.path, true),
    })
    const { getByText } = render(<ReadAloud disclosureId={id} />)
    fireEvent.click(getByText('读给我听'))
    await flush()
    fireEvent.click(getByText('逐个收听'))
    await flush()
    expect(audios).toHaveLength(2)
    expect(audios[0]?.destroyed).toBe(true)
    const calls = taroMock.request.mock.calls.map((c) => String(c[0].url))
    expect(calls.at(-1)).toContain('part=list')
  })

  it('should say plainly when the server cannot read aloud or the audio does not play', async () => {
    fakeBff({
      [`GET /api/v1/disclosures/${id}/speech`]: () =>
        apiError(503, 'speech_unavailable', '暂时不能朗读，请稍后再试'),
    })
    const first = render(<ReadAloud disclosureId={id} />)
    fireEvent.click(first.getByText('读给我听'))
    await flush()
    expect(first.container.querySelector('[role="alert"]')?.textContent).toBe('暂时不能朗读，请稍后再试')
    first.unmount()

    fakeBff({ [`GET /api/v1/disclosures/${id}/speech`]: () => speech('summary', false) })
    const second = render(<ReadAloud disclosureId={id} />)
    fireEvent.click(second.getByText('读给我听'))
    await flush()
    audios.at(-1)?.fire('Error')
    expect(second.container.querySelector('[role="alert"]')?.textContent).toBe('声音没有放出来，请再试一次')
    expect(second.getByText('读给我听')).toBeTruthy()
  })

  it('should stop the audio when the reader leaves the item', async () => {
    fakeBff({ [`GET /api/v1/disclosures/${id}/speech`]: () => speech('summary', false) })
    const { getByText, unmount } = render(<ReadAloud disclosureId={id} />)
    fireEvent.click(getByText('读给我听'))
    await flush()
    unmount()
    expect(audios[0]?.destroyed).toBe(true)
  })
})
