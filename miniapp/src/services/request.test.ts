import { ErrorCode, HealthDtoSchema } from '@cunwu/domain'
import { taroMock } from '../../test/__mocks__/taro'
import { ApiError, request, setApiBaseUrl, setAuthTokenGetter } from './request'

/** Makes the next Taro.request answer with this status and raw (text) body. */
function respond(statusCode: number, data: string) {
  taroMock.request.mockResolvedValueOnce({ statusCode, data, header: {}, errMsg: 'request:ok' })
}

/** The options object the wrapper passed to Taro.request on its last call. */
function lastCall(): { url: string; method: string; header: Record<string, string>; data?: string } {
  const call = taroMock.request.mock.lastCall
  if (!call) throw new Error('Taro.request was not called')
  return call[0]
}

async function catchApiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected the request to fail')
}

const health = {
  status: 'ok',
  service: 'cunwu-bff',
  version: '0.1.0',
  uptimeSeconds: 12,
  time: '2026-03-01T08:00:00.000Z',
  database: { state: 'up', kind: 'embedded', latencyMs: 1 },
}

afterEach(() => {
  setApiBaseUrl('')
  setAuthTokenGetter(null)
})

describe('request', () => {
  it('should resolve with the parsed JSON body on 2xx', async () => {
    respond(200, JSON.stringify({ hello: '村务' }))
    await expect(request('/api/v1/thing')).resolves.toEqual({ hello: '村务' })
    expect(lastCall()).toMatchObject({ url: '/api/v1/thing', method: 'GET', dataType: 'text' })
  })

  it('should prefix the base URL and encode the query', async () => {
    setApiBaseUrl('https://bff.example.cn/')
    respond(200, '[]')
    await request('/api/v1/items', { query: { q: '低保 名单', page: 2, skip: undefined } })
    expect(lastCall().url).toBe(
      'https://bff.example.cn/api/v1/items?q=%E4%BD%8E%E4%BF%9D%20%E5%90%8D%E5%8D%95&page=2',
    )
  })

  it('should send a JSON body with its content type', async () => {
    respond(201, '{"id":"1"}')
    await request('/api/v1/things', { method: 'POST', body: { name: '张三' } })
    expect(lastCall()).toMatchObject({ method: 'POST', data: '{"name":"张三"}' })
    expect(lastCall().header['Content-Type']).toBe('application/json')
  })

  it('should resolve with undefined on an empty 204', async () => {
    respond(204, '')
    await expect(request('/api/v1/things/1', { method: 'DELETE' })).resolves.toBeUndefined()
  })

  it('should turn the error envelope into an ApiError with its code and message', async () => {
    respond(404, JSON.stringify({ error: { code: ErrorCode.NotFound, message: 'Route not found' } }))
    const err = await catchApiError(request('/api/v1/nope'))
    expect(err).toMatchObject({ status: 404, code: ErrorCode.NotFound, message: 'Route not found' })
  })

  it('should fall back to a code from the status when a non-2xx body is not an envelope', async () => {
    respond(502, '<html><body>Bad Gateway</body></html>')
    const err = await catchApiError(request('/api/v1/health'))
    expect(err.status).toBe(502)
    expect(err.code).toBe(ErrorCode.ServiceUnavailable)
  })

  it('should map an unknown failing status to internal_error', async () => {
    respond(500, '{"oops":true}')
    expect(await catchApiError(request('/x'))).toMatchObject({ status: 500, code: ErrorCode.Internal })
  })

  it('should reject a 2xx body that is not JSON', async () => {
    respond(200, '<html>captive portal</html>')
    const err = await catchApiError(request('/api/v1/health'))
    expect(err).toMatchObject({ status: 200, code: ErrorCode.NetworkError })
  })

  it('should turn a network failure into network_error with status 0', async () => {
    taroMock.request.mockRejectedValueOnce({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' })
    const err = await catchApiError(request('/api/v1/health'))
    expect(err).toMatchObject({
      status: 0,
      code: ErrorCode.NetworkError,
      message: '网络连接失败，请检查网络后再试',
    })
  })

  it('should say so when the request timed out', async () => {
    taroMock.request.mockRejectedValueOnce({ errMsg: 'request:fail timeout' })
    const err = await catchApiError(request('/api/v1/health', { timeoutMs: 5 }))
    expect(err).toMatchObject({ status: 0, code: ErrorCode.NetworkError })
    expect(err.message).toContain('超时')
    expect(lastCall()).toMatchObject({ timeout: 5 })
  })

  it('should validate the body against the schema and return the parsed value', async () => {
    respond(200, JSON.stringify(health))
    const result = await request('/api/v1/health', { schema: HealthDtoSchema })
    expect(result.database.state).toBe('up')
  })

  it('should reject a body that does not match the schema', async () => {
    respond(200, JSON.stringify({ ...health, status: 'fine' }))
    const err = await catchApiError(request('/api/v1/health', { schema: HealthDtoSchema }))
    expect(err).toMatchObject({ status: 200, code: ErrorCode.NetworkError })
  })

  it('should send no Authorization header without a token getter', async () => {
    respond(200, '{}')
    await request('/api/v1/health')
    expect(lastCall().header).not.toHaveProperty('Authorization')
  })

  it('should add the Bearer token from the getter, sync or async', async () => {
    setAuthTokenGetter(async () => 'tok-123')
    respond(200, '{}')
    await request('/api/v1/me')
    expect(lastCall().header.Authorization).toBe('Bearer tok-123')

    setAuthTokenGetter(() => null)
    respond(200, '{}')
    await request('/api/v1/me')
    expect(lastCall().header).not.toHaveProperty('Authorization')
  })
})

describe('an answer asked for by the H5 loading script', () => {
  const holder = globalThis as unknown as Record<string, unknown>
  const early = (url: string, token: string | null, status = 200, text = JSON.stringify(health)) => {
    holder.__cwEarly = { url, token, answer: Promise.resolve({ status, text }) }
  }
  afterEach(() => {
    delete holder.__cwEarly
  })

  it('should answer the request it was made for once, without a second request', async () => {
    taroMock.request.mockClear()
    setAuthTokenGetter(() => 'tok')
    early('/api/v1/health', 'tok')
    await expect(request('/api/v1/health', { schema: HealthDtoSchema })).resolves.toEqual(health)
    expect(taroMock.request).not.toHaveBeenCalled()
    respond(200, JSON.stringify({ ...health, uptimeSeconds: 13 }))
    await expect(request('/api/v1/health', { schema: HealthDtoSchema })).resolves.toMatchObject({
      uptimeSeconds: 13,
    })
    expect(taroMock.request).toHaveBeenCalledTimes(1)
  })

  it('should be left alone by a request with another URL or another token', async () => {
    early('/api/v1/health', 'old-token')
    setAuthTokenGetter(() => 'new-token')
    respond(200, JSON.stringify({ ...health, uptimeSeconds: 14 }))
    await expect(request('/api/v1/health', { schema: HealthDtoSchema })).resolves.toMatchObject({
      uptimeSeconds: 14,
    })
    expect(lastCall().header.Authorization).toBe('Bearer new-token')
    setAuthTokenGetter(null)
    early('/api/v1/other', null)
    respond(200, JSON.stringify({ ...health, uptimeSeconds: 15 }))
    await expect(request('/api/v1/health', { schema: HealthDtoSchema })).resolves.toMatchObject({
      uptimeSeconds: 15,
    })
  })

  it('should send the request the ordinary way when the early one failed or was not a 200', async () => {
    early('/api/v1/health', null, 401, JSON.stringify({ error: { code: 'unauthorized', message: 'x' } }))
    respond(200, JSON.stringify({ ...health, uptimeSeconds: 16 }))
    await expect(request('/api/v1/health', { schema: HealthDtoSchema })).resolves.toMatchObject({
      uptimeSeconds: 16,
    })
    holder.__cwEarly = { url: '/api/v1/health', token: null, answer: Promise.resolve(null) }
    respond(200, JSON.stringify({ ...health, uptimeSeconds: 17 }))
    await expect(request('/api/v1/health', { schema: HealthDtoSchema })).resolves.toMatchObject({
      uptimeSeconds: 17,
    })
  })

  it('should validate an early answer like any other', async () => {
    early('/api/v1/health', null, 200, '{"status":')
    await expect(
      catchApiError(request('/api/v1/health', { schema: HealthDtoSchema })),
    ).resolves.toMatchObject({
      code: ErrorCode.NetworkError,
    })
  })
})
