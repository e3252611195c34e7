import { fireEvent, render, screen } from '@testing-library/react'
import { buildMe } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { doubleTap, flush, resetSession, signIn } from '../../../test/support/render'
import DecisionNewPage from './index'

const V = '360999001001'
const grant = { role: 'secretary' as const, regionCode: V, regionName: '云溪村委会' }

describe('DecisionNewPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
  })

  it('should open one matter for a double tap, and send the same Idempotency-Key again when the answer was lost', async () => {
    let lose = true
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      [`POST /api/v1/villages/${V}/decisions`]: () => {
        // The server opens the matter, but the answer never reaches the phone.
        if (lose) throw new Error('request:fail internetdisconnected')
        return { status: 201, body: { id: '65f0000000000000000000d1' } }
      },
    })
    const { container } = render(<DecisionNewPage />)
    await flush()
    const title = container.querySelector('.cw-decision-new__title')
    if (!title) throw new Error('no title field')
    fireEvent.change(title, { target: { value: '村道路灯安装' } })
    doubleTap(screen.getByText('保存，开始议事'))
    await flush()
    const posts = () => seen.filter((r) => r.method === 'POST')
    expect(posts()).toHaveLength(1)
    const key = posts()[0]?.headers['Idempotency-Key']
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    expect(screen.getByRole('alert').textContent).toContain('网络')

    lose = false
    fireEvent.click(screen.getByText('保存，开始议事'))
    await flush()
    expect(posts()).toHaveLength(2)
    expect(posts()[1]?.headers['Idempotency-Key']).toBe(key)
    expect(posts()[1]?.body).toEqual({ title: '村道路灯安装', kind: 'fundraising', description: '' })
  })

  it('should offer the kinds of matter as radios, one checked, that a tap checks', async () => {
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
    })
    render(<DecisionNewPage />)
    await flush()
    const kinds = screen.getAllByRole('radio')
    expect(screen.getByRole('radiogroup', { name: '哪一类' })).toBeTruthy()
    expect(kinds.filter((k) => k.getAttribute('aria-checked') === 'true')).toHaveLength(1)
    const other = kinds[1]
    if (!other) throw new Error('only one kind')
    fireEvent.click(other)
    expect(other.getAttribute('aria-checked')).toBe('true')
  })
})
