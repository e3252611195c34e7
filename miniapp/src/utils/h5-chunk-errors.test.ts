import { taroMock } from '../../test/__mocks__/taro'
import { flush } from '../../test/support/render'
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
  afterEach(() => {
    back.mockClear()
    window.location.hash = ''
  })

  it('should know webpack chunk failures from other errors', () => {
    expect(isChunkLoadError(chunkError('ChunkLoadError', 'Loading chunk 51 failed.'))).toBe(true)
    expect(
      isChunkLoadError(chunkError('Error', 'Loading CSS chunk 8918 failed.', 'CSS_CHUNK_LOAD_FAILED')),
    ).toBe(true)
    expect(isChunkLoadError(new Error('boom'))).toBe(false)
    expect(isChunkLoadError('Loading chunk 1 failed')).toBe(false)
  })

  it('should step back from the page that did not open, say so in plain words, and open it on 重试', async () => {
    taroMock.getCurrentPages.mockReturnValue([{ route: 'pages/index/index' }])
    window.location.hash = '#/guides/list/index?code=360999100200'
    const event = rejectUnhandled(
      chunkError('Error', 'Loading CSS chunk 8918 failed.', 'CSS_CHUNK_LOAD_FAILED'),
    )
    // The JS chunk of the same page fails too: still one step back and one message.
    rejectUnhandled(chunkError('ChunkLoadError', 'Loading chunk 8918 failed.'))
    await flush()
    expect(event.defaultPrevented).toBe(true)
    expect(back).toHaveBeenCalledTimes(1)
    expect(taroMock.showModal).toHaveBeenCalledTimes(1)
    expect(taroMock.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '网络连接失败，请检查网络后再试', confirmText: '重试' }),
    )
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/guides/list/index?code=360999100200' })
  })

  it('should leave other rejections alone', async () => {
    const event = rejectUnhandled(new Error('something else'))
    await flush()
    expect(event.defaultPrevented).toBe(false)
    expect(back).not.toHaveBeenCalled()
    expect(taroMock.showModal).not.toHaveBeenCalled()
  })
})
