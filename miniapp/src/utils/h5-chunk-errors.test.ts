import { taroMock } from '../../test/__mocks__/taro'
import { installChunkErrorHandler, isChunkLoadError } from './h5-chunk-errors'

function chunkError(name: string, message: string, code?: string): Error {
  return Object.assign(new Error(message), { name }, code ? { code } : {})
}

/** What the browser fires when the router's page load rejects and nothing catches it. */
function rejectUnhandled(reason: unknown): Event {
  const event = new Event('unhandledrejection', { cancelable: true })
  Object.assign(event, { reason, promise: Promise.resolve() })
  window.dispatchEvent(event)
  return event
}

describe('page chunk errors (H5)', () => {
  const back = jest.spyOn(window.history, 'back').mockImplementation(() => {})
  beforeAll(() => installChunkErrorHandler())
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => {
    jest.runOnlyPendingTimers()
    jest.useRealTimers()
    back.mockClear()
    window.location.hash = ''
    document.getElementById('cw-chunk-error')?.remove()
  })

  it('should know webpack chunk failures from other errors', () => {
    expect(isChunkLoadError(chunkError('ChunkLoadError', 'Loading chunk 51 failed.'))).toBe(true)
    expect(
      isChunkLoadError(chunkError('Error', 'Loading CSS chunk 8918 failed.', 'CSS_CHUNK_LOAD_FAILED')),
    ).toBe(true)
    expect(isChunkLoadError(new Error('boom'))).toBe(false)
    expect(isChunkLoadError('Loading chunk 1 failed')).toBe(false)
  })

  it('should step back from the page that did not open, say so in plain words, and open it on 重试', () => {
    taroMock.getCurrentPages.mockReturnValue([{ route: 'pages/index/index' }])
    window.location.hash = '#/guides/list/index?code=360999100200'
    const event = rejectUnhandled(
      chunkError('Error', 'Loading CSS chunk 8918 failed.', 'CSS_CHUNK_LOAD_FAILED'),
    )
    // The JS chunk of the same page fails too: still one step back and one message.
    rejectUnhandled(chunkError('ChunkLoadError', 'Loading chunk 8918 failed.'))
    expect(event.defaultPrevented).toBe(true)
    expect(back).toHaveBeenCalledTimes(1)
    const boxes = document.querySelectorAll('[role="alertdialog"]')
    expect(boxes).toHaveLength(1)
    expect(boxes[0]?.textContent).toBe('没有打开网络连接失败，请检查网络后再试重试关闭')
    const retry = [...document.querySelectorAll('button')].find((b) => b.textContent === '重试')
    retry?.click()
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/guides/list/index?code=360999100200' })
    expect(document.querySelector('[role="alertdialog"]')).toBeNull()
  })

  it('should leave other rejections alone', () => {
    const event = rejectUnhandled(new Error('something else'))
    expect(event.defaultPrevented).toBe(false)
    expect(back).not.toHaveBeenCalled()
    expect(document.querySelector('[role="alertdialog"]')).toBeNull()
  })
})
