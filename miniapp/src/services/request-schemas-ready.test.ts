// The request wrapper when the schemas are not ready yet (the production H5 build before zod's chunk has loaded:
// services/schemas-ready.ts, config/lazy-zod.js): the request goes out at once, the answer is validated only once
// they are, and a chunk that cannot be fetched is a network failure.
import { z } from 'zod'
import { ErrorCode } from '@cunwu/domain'
import { __clearStorage, taroMock } from '../../test/__mocks__/taro'
import { setOfflineCacheOwner } from './offline-cache'
import { ApiError, request } from './request'
import { schemasReady } from './schemas-ready'

jest.mock('./schemas-ready', () => ({ schemasReady: jest.fn(() => null) }))
const ready = jest.mocked(schemasReady)

/** A stand-in for zod's chunk: pending until `settle` is called; loaded (null) after a success, failing after a failure. */
function pendingChunk() {
  let settle: (ok: boolean) => void = () => undefined
  const promise = new Promise<void>((resolve, reject) => {
    settle = (ok) => (ok ? resolve() : reject(new Error('ChunkLoadError: Loading chunk zod failed')))
  })
  promise.catch(() => undefined)
  let loaded = false
  void promise.then(() => (loaded = true)).catch(() => undefined)
  ready.mockImplementation(() => (loaded ? null : promise))
  return { settle: (ok: boolean) => settle(ok) }
}

function respond(body: unknown, statusCode = 200) {
  taroMock.request.mockResolvedValueOnce({ statusCode, data: JSON.stringify(body), header: {}, errMsg: 'ok' })
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
const Thing = z.object({ id: z.string() })
const disclosurePath = '/api/v1/disclosures/65c000000000000000000001'

beforeEach(() => {
  __clearStorage()
  ready.mockImplementation(() => null)
})

describe('request before the schemas are ready', () => {
  it('sends at once and answers with the validated body only once they are', async () => {
    const chunk = pendingChunk()
    respond({ id: 'a', extra: 1 })
    let answer: unknown = 'not yet'
    const pending = request('/api/v1/thing', { schema: Thing }).then((value) => (answer = value))
    await flush()
    expect(taroMock.request).toHaveBeenCalledTimes(1)
    expect(answer).toBe('not yet')
    chunk.settle(true)
    await pending
    expect(answer).toEqual({ id: 'a' })
  })

  it('still rejects an answer that does not match, once they are', async () => {
    const chunk = pendingChunk()
    respond({ id: 3 })
    const pending = request('/api/v1/thing', { schema: Thing })
    chunk.settle(true)
    await expect(pending).rejects.toMatchObject({ status: 200, code: ErrorCode.NetworkError })
  })

  it('fails as a network failure when they cannot be loaded', async () => {
    const chunk = pendingChunk()
    respond({ id: 'a' })
    const pending = request('/api/v1/thing', { schema: Thing })
    chunk.settle(false)
    const err = await pending.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({
      status: 0,
      code: ErrorCode.NetworkError,
      message: '网络连接失败，请检查网络后再试',
    })
  })

  it('answers a kept copy offline once they are, and the network error when they cannot be loaded', async () => {
    setOfflineCacheOwner('64b000000000000000000001')
    respond({ id: '65c000000000000000000001', status: 'published', title: '第1条公开' })
    await request(disclosurePath)

    let chunk = pendingChunk()
    taroMock.request.mockRejectedValueOnce({ errMsg: 'request:fail' })
    const offline = request(disclosurePath, { schema: Thing })
    chunk.settle(true)
    await expect(offline).resolves.toEqual({ id: '65c000000000000000000001' })

    chunk = pendingChunk()
    taroMock.request.mockRejectedValueOnce({ errMsg: 'request:fail' })
    const failed = request(disclosurePath, { schema: Thing })
    chunk.settle(false)
    await expect(failed).rejects.toMatchObject({ status: 0, code: ErrorCode.NetworkError })
  })
})
