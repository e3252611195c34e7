import { fireEvent, render } from '@testing-library/react'
import type { SubscriptionsDto } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { SubscribeButton } from './index'

const village = '360999100200'
const item = 'social-assistance.dibao.approval'

function mine(overrides: Partial<SubscriptionsDto> = {}): SubscriptionsDto {
  return {
    subscriptions: [],
    credits: [],
    templates: [{ templateId: 'tmpl_disclosure_published', purpose: 'disclosure', kind: 'one_time' }],
    ...overrides,
  }
}

const followedItem = mine({
  subscriptions: [
    {
      id: '65f0000000000000000000e1',
      villageCode: village,
      kind: 'item',
      targetId: item,
      targetName: '低保对象审批结果',
      createdAt: '2026-11-01T00:00:00.000Z',
    },
  ],
  credits: [{ templateId: 'tmpl_disclosure_published', credits: 2, unlimited: false }],
})

describe('SubscribeButton', () => {
  beforeEach(() => {
    resetSession()
    signIn()
  })

  it('should offer 订阅 to someone who does not follow the item', async () => {
    fakeBff({ 'GET /api/v1/subscriptions': () => ({ status: 200, body: mine() }) })
    const { container } = render(<SubscribeButton target={{ itemId: item }} villageCode={village} />)
    await flush()
    expect(container.querySelector('.cw-subscribe__followed')).toBeNull()
    expect(container.querySelector('.cw-subscribe__button')?.textContent).toBe('订阅更新提醒')
  })

  it('should say the item is followed, how many reminders WeChat still allows and why', async () => {
    fakeBff({ 'GET /api/v1/subscriptions': () => ({ status: 200, body: followedItem }) })
    const { container } = render(<SubscribeButton target={{ itemId: item }} villageCode={village} />)
    await flush()
    expect(container.querySelector('.cw-subscribe__followed')?.textContent).toBe('✓ 已订阅这一项')
    expect(container.querySelector('.cw-subscribe__reminders')?.textContent).toBe(
      '微信还能提醒您 2 次。微信规定：每点一次“允许”，只能给您发一次提醒。用完后，再点一次订阅并允许就行。',
    )
    expect(container.querySelector('.cw-subscribe__button')?.textContent).toBe('再要一次微信提醒')
  })

  it('should count a followed category as following its items, and show the state after subscribing', async () => {
    const category = mine({
      subscriptions: followedItem.subscriptions.map((s) => ({
        ...s,
        kind: 'category' as const,
        targetId: 'social-assistance',
      })),
    })
    fakeBff({ 'GET /api/v1/subscriptions': () => ({ status: 200, body: category }) })
    const viaCategory = render(
      <SubscribeButton target={{ itemId: item }} villageCode={village} category="social-assistance" />,
    )
    await flush()
    expect(viaCategory.container.querySelector('.cw-subscribe__followed')?.textContent).toBe('✓ 已订阅这一类')
    expect(viaCategory.container.querySelector('.cw-subscribe__reminders')?.textContent).toContain(
      '微信提醒的次数用完了',
    )
    viaCategory.unmount()

    // WeChat's prompt: the user taps 允许.
    Object.assign(taroMock, {
      requestSubscribeMessage: jest.fn(async () => ({ tmpl_disclosure_published: 'accept' })),
    })
    fakeBff({
      'GET /api/v1/subscriptions': () => ({ status: 200, body: mine() }),
      'POST /api/v1/subscriptions': () => ({ status: 201, body: followedItem }),
    })
    const { container } = render(<SubscribeButton target={{ itemId: item }} villageCode={village} />)
    await flush()
    fireEvent.click(container.querySelector('.cw-subscribe__button') as Element)
    await flush()
    expect(container.querySelector('.cw-subscribe__followed')?.textContent).toBe('✓ 已订阅这一项')
  })
})
