import { ErrorCode } from '@cunwu/domain'
import { z } from 'zod'
import { taroMock } from '../../test/__mocks__/taro'
import { resetSession, signIn } from '../../test/support/render'
import { ApiError } from './request'
import { MSG_UPLOAD_TOO_SLOW, uploadFile, uploadTimeoutMs } from './upload'

const Answer = z.object({ id: z.string() })
const realFetch = globalThis.fetch

const originalEnv = process.env.TARO_ENV

function setPlatform(env: 'h5' | 'weapp'): void {
  process.env.TARO_ENV = env
}

describe('uploadFile', () => {
  beforeEach(resetSession)
  afterEach(() => {
    process.env.TARO_ENV = originalEnv
    Object.assign(globalThis, { fetch: realFetch })
  })

  it('should send the temp path with Taro.uploadFile in WeChat, with the Bearer token', async () => {
    setPlatform('weapp')
    signIn('sec')
    taroMock.uploadFile.mockResolvedValue({
      statusCode: 202,
      data: JSON.stringify({ id: 'imp1' }),
      errMsg: 'ok',
    })
    await expect(
      uploadFile(
        '/api/v1/villages/1/table-imports',
        { name: 'a.xlsx', size: 10, path: 'wxfile://tmp/a.xlsx' },
        {
          query: { catalogItemId: 'x.y' },
          schema: Answer,
        },
      ),
    ).resolves.toEqual({ id: 'imp1' })
    expect(taroMock.uploadFile).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/v1/villages/1/table-imports?catalogItemId=x.y',
        filePath: 'wxfile://tmp/a.xlsx',
        name: 'file',
        header: expect.objectContaining({ Authorization: 'Bearer access-sec' }),
      }),
    )
  })

  it('should send the File with fetch + FormData in H5 and never call Taro.uploadFile', async () => {
    setPlatform('h5')
    signIn('sec')
    const calls: { url: string; init: RequestInit }[] = []
    // jsdom has no fetch; the upload only reads status and text().
    const fakeFetch = async (url: string, init: RequestInit) => {
      calls.push({ url, init })
      return { status: 202, text: async () => JSON.stringify({ id: 'imp2' }) }
    }
    Object.assign(globalThis, { fetch: fakeFetch })
    const blob = new Blob(['a,b'], { type: 'text/csv' })
    await expect(
      uploadFile('/api/v1/x', { name: '名单.csv', size: 3, blob }, { schema: Answer }),
    ).resolves.toEqual({ id: 'imp2' })
    expect(taroMock.uploadFile).not.toHaveBeenCalled()
    const body = calls[0]?.init.body
    expect(body).toBeInstanceOf(FormData)
    const sent = body instanceof FormData ? body.get('file') : null
    expect(sent).toBeInstanceOf(Blob)
    expect(sent instanceof File ? sent.name : '').toBe('名单.csv')
    expect(calls[0]?.init.headers).toMatchObject({ Authorization: 'Bearer access-sec' })
  })

  it('should give a file time in proportion to its size, and say what to do when it still does not arrive', async () => {
    setPlatform('weapp')
    signIn('sec')
    const tenMb = 10 * 1024 * 1024
    // One bar of signal carries about 50 KB a second: 10 MB takes 3.5 minutes, which 60 s never allowed.
    expect(uploadTimeoutMs(tenMb)).toBeGreaterThan((tenMb / (50 * 1024)) * 1000)
    expect(uploadTimeoutMs(tenMb)).toBeLessThanOrEqual(300_000)
    expect(uploadTimeoutMs(20 * 1024)).toBe(60_000)
    taroMock.uploadFile.mockRejectedValueOnce({ errMsg: 'uploadFile:fail timeout' })
    const file = { name: '凭证.pdf', size: tenMb, path: 'wxfile://tmp/a.pdf' }
    const err = await uploadFile('/api/v1/x', file, { schema: Answer }).catch((e: unknown) => e)
    expect(taroMock.uploadFile).toHaveBeenLastCalledWith(
      expect.objectContaining({ timeout: uploadTimeoutMs(tenMb) }),
    )
    expect(err).toMatchObject({ code: ErrorCode.NetworkError, message: MSG_UPLOAD_TOO_SLOW })
    expect(MSG_UPLOAD_TOO_SLOW).toContain('换小一点的文件')
    // The BFF's 408 (the body did not arrive in its time) says the same.
    taroMock.uploadFile.mockResolvedValueOnce({
      statusCode: 408,
      data: JSON.stringify({ error: { code: 'request_timeout', message: '请求超时，请检查网络后重试' } }),
      errMsg: 'ok',
    })
    await expect(uploadFile('/api/v1/x', file, { schema: Answer })).rejects.toMatchObject({
      status: 408,
      message: MSG_UPLOAD_TOO_SLOW,
    })
  })

  it('should turn an error envelope into ApiError and a dropped connection into network_error', async () => {
    setPlatform('weapp')
    taroMock.uploadFile.mockResolvedValueOnce({
      statusCode: 415,
      data: JSON.stringify({ error: { code: 'unsupported_media_type', message: '只支持 xlsx 和 csv' } }),
      errMsg: 'ok',
    })
    const file = { name: 'a.doc', size: 1, path: 'p' }
    await expect(uploadFile('/api/v1/x', file, { schema: Answer })).rejects.toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    })
    taroMock.uploadFile.mockRejectedValueOnce({ errMsg: 'uploadFile:fail' })
    const err = await uploadFile('/api/v1/x', file, { schema: Answer }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 0, code: ErrorCode.NetworkError })
  })
})
