import type { NotificationTemplateDto } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { resetSession, signIn } from '../../../test/support/render'
import { ApiError } from '../request'
import { DEV_SUBSCRIBE_PATH, allowedAny, pickTemplateIds, subscribe } from './subscribe'

const subscriptions = {
  subscriptions: [
    {
      id: '65f0000000000000000000e1',
      villageCode: '360999100200',
      kind: 'category',
      targetId: 'social-assistance',
      targetName: '社会救助',
      createdAt: '2026-11-01T00:00:00.000Z',
    },
  ],
  credits: [{ templateId: 'tmpl_a', credits: 1, unlimited: false }],
  templates: [],
}

const template = (
  templateId: string,
  overrides: Partial<NotificationTemplateDto> = {},
): NotificationTemplateDto => ({
  templateId,
  purpose: 'disclosure',
  kind: 'one_time',
  ...overrides,
})

// The platform is read at call time (Taro inlines it at build time), so each test sets the one it runs on.
function runOn(platform: 'weapp' | 'h5'): void {
  process.env.TARO_ENV = platform
}

const requestSubscribeMessage = jest.fn()

describe('subscribe service', () => {
  beforeAll(() => {
    Object.assign(taroMock, { requestSubscribeMessage })
  })
  beforeEach(() => {
    resetSession()
    signIn('villager')
    requestSubscribeMessage.mockReset()
  })
  afterAll(() => {
    Reflect.deleteProperty(process.env, 'TARO_ENV')
  })

  it('should ask for at most 3 templates of one purpose and one kind', () => {
    const templates = [
      template('tmpl_a'),
      template('tmpl_progress', { purpose: 'progress', kind: 'long_term' }),
      template('tmpl_b'),
      template('tmpl_long', { kind: 'long_term' }),
      template('tmpl_c'),
      template('tmpl_d'),
    ]
    expect(pickTemplateIds(templates)).toEqual(['tmpl_a', 'tmpl_b', 'tmpl_c'])
    expect(pickTemplateIds(templates, ['progress'])).toEqual(['tmpl_progress'])
    expect(pickTemplateIds([])).toEqual([])
  })

  it('should open WeChat’s prompt in weapp and post its answer, counting a missing id as refused', async () => {
    runOn('weapp')
    requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', tmpl_a: 'accept' })
    const seen = fakeBff({ 'POST /api/v1/subscriptions': () => ({ status: 201, body: subscriptions }) })
    const { results, subscriptions: mine } = await subscribe({ category: 'social-assistance' }, [
      'tmpl_a',
      'tmpl_b',
    ])
    expect(requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['tmpl_a', 'tmpl_b'], entityIds: [] })
    expect(results).toEqual({ tmpl_a: 'accept', tmpl_b: 'reject' })
    expect(allowedAny(results)).toBe(true)
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/subscriptions'])
    expect(seen[0]?.body).toEqual({
      category: 'social-assistance',
      results: { tmpl_a: 'accept', tmpl_b: 'reject' },
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    })
    expect(mine.subscriptions[0]?.targetName).toBe('社会救助')
  })

  it('should not record anything when the WeChat prompt fails', async () => {
    runOn('weapp')
    requestSubscribeMessage.mockRejectedValue({
      errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.',
    })
    const seen = fakeBff({})
    await expect(subscribe({ itemId: 'social-assistance.dibao.approval' }, ['tmpl_a'])).rejects.toMatchObject(
      {
        errMsg: expect.stringContaining('TAP gesture'),
      },
    )
    expect(seen).toEqual([])
  })

  it('should let the simulator stand in for the prompt in H5 and post its decisions', async () => {
    runOn('h5')
    const seen = fakeBff({
      [`POST ${DEV_SUBSCRIBE_PATH}`]: () => ({
        status: 200,
        body: { errMsg: 'requestSubscribeMessage:ok', tmpl_a: 'reject' },
      }),
      'POST /api/v1/subscriptions': () => ({ status: 201, body: subscriptions }),
    })
    const { results } = await subscribe(
      { itemId: 'social-assistance.dibao.approval' },
      ['tmpl_a'],
      '360999100200',
    )
    expect(requestSubscribeMessage).not.toHaveBeenCalled()
    expect(results).toEqual({ tmpl_a: 'reject' })
    expect(allowedAny(results)).toBe(false)
    expect(seen[0]).toMatchObject({ path: DEV_SUBSCRIBE_PATH, body: { templateIds: ['tmpl_a'] } })
    expect(seen[1]?.body).toEqual({
      itemId: 'social-assistance.dibao.approval',
      villageCode: '360999100200',
      results: { tmpl_a: 'reject' },
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    })
  })

  it('should count the tap as consent in H5 while the BFF has no simulator route, but pass on other errors', async () => {
    runOn('h5')
    const seen = fakeBff({ 'POST /api/v1/subscriptions': () => ({ status: 201, body: subscriptions }) })
    const { results } = await subscribe({ category: 'social-assistance' }, ['tmpl_a'])
    expect(results).toEqual({ tmpl_a: 'accept' })
    expect(seen.map((r) => r.path)).toEqual([DEV_SUBSCRIBE_PATH, '/api/v1/subscriptions'])

    fakeBff({ [`POST ${DEV_SUBSCRIBE_PATH}`]: () => apiError(503, 'service_unavailable') })
    await expect(subscribe({ category: 'social-assistance' }, ['tmpl_a'])).rejects.toBeInstanceOf(ApiError)
  })

  it('should refuse to subscribe without a template, and surface the BFF’s refusal', async () => {
    runOn('weapp')
    await expect(subscribe({ category: 'social-assistance' }, [])).rejects.toMatchObject({
      code: 'no_template',
    })
    requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', tmpl_a: 'accept' })
    fakeBff({
      'POST /api/v1/subscriptions': () => apiError(403, 'not_a_villager', '只有本村村民可以订阅本村的公开'),
    })
    await expect(subscribe({ category: 'social-assistance' }, ['tmpl_a'])).rejects.toMatchObject({
      status: 403,
      message: '只有本村村民可以订阅本村的公开',
    })
  })
})
