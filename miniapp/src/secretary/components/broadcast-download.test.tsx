import { fireEvent, render } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { BroadcastDownload } from './broadcast-download'

const id = '65f0000000000000000000d1'
const file = `${'b'.repeat(64)}.mp3`

describe('BroadcastDownload', () => {
  beforeEach(() => {
    resetSession()
    signIn()
  })

  it('should fetch the broadcast, show its script and length, send the audio to a chat and copy the script', async () => {
    const seen = fakeBff({
      [`GET /api/v1/disclosures/${id}/broadcast`]: () => ({
        status: 200,
        body: {
          text: '各位村民请注意，现在播送桃园村的村务公开。',
          audioUrl: `/api/v1/speech/${file}`,
          contentType: 'audio/mpeg',
          durationMs: 125_000,
          hasList: false,
        },
      }),
    })
    taroMock.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'tmp/a.mp3' })
    const { container, getByText } = render(<BroadcastDownload disclosureId={id} title="低保名单" />)
    fireEvent.click(getByText('生成广播稿和音频'))
    await flush()
    expect(seen.at(-1)?.authorization).toMatch(/^Bearer /)
    expect(container.textContent).toContain('广播时长约 2分5秒')
    expect(container.textContent).toContain('各位村民请注意，现在播送桃园村的村务公开。')
    fireEvent.click(getByText('保存广播音频'))
    await flush()
    const url = String(taroMock.downloadFile.mock.calls.at(-1)?.[0].url)
    expect(url).toContain(`/api/v1/speech/${file}?`)
    expect(url).toContain('download=1')
    expect(taroMock.shareFileMessage).toHaveBeenLastCalledWith({
      filePath: 'tmp/a.mp3',
      fileName: '低保名单-广播.mp3',
    })
    fireEvent.click(getByText('复制广播稿（文字）'))
    await flush()
    expect(taroMock.setClipboardData).toHaveBeenLastCalledWith({
      data: '各位村民请注意，现在播送桃园村的村务公开。',
    })
    expect(container.textContent).toContain('广播稿已复制')
  })

  it('should say why when the broadcast cannot be made', async () => {
    fakeBff({
      [`GET /api/v1/disclosures/${id}/broadcast`]: () =>
        apiError(503, 'speech_unavailable', '暂时不能朗读，请稍后再试'),
    })
    const { container, getByText } = render(<BroadcastDownload disclosureId={id} title="低保名单" />)
    fireEvent.click(getByText('生成广播稿和音频'))
    await flush()
    expect(container.querySelector('[role="status"]')?.textContent).toBe('暂时不能朗读，请稍后再试')
  })
})
