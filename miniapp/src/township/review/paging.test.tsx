import { fireEvent, render, screen, within } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { fakeBff, type SeenRequest } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import ReviewPage from './index'

// 120 cards drawn in jsdom: under 1 s on an idle machine, near jest's default 5 s on a loaded one; the limit is no
// measure of speed here.
jest.setTimeout(20_000)

const grant = { role: 'township' as const, regionCode: '360999100000', regionName: '云溪镇' }
const QUEUE = 'GET /api/v1/regions/360999100000/review-queue'

/** Draft `n` of the township's queue (1 = submitted first), in village 枫林村 for n = 7 and 118, else 第n村. */
function draft(n: number): DisclosureDto {
  return buildDisclosure({
    id: n.toString(16).padStart(24, '0'),
    status: 'pending_review',
    title: `草稿${n}`,
    regionName: n === 7 || n === 118 ? '枫林村' : `第${n}村`,
    revision: 1,
  })
}

/** Draft `d`'s place in the queue (its `n`), which this fake BFF's cursor names (the real one's is opaque). */
const placeOf = (d: DisclosureDto) => parseInt(d.id, 16)

/**
 * A BFF holding `count` pending drafts in submission order: it pages them after a cursor (`after`, the last draft
 * given) and by limit as the real one does (bff review-queue-paging.test.ts), narrows them by part of a village's
 * name, and takes a decided one out.
 */
function queueServer(count: number) {
  const pending = Array.from({ length: count }, (_, i) => draft(i + 1))
  const seen = fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
    [QUEUE]: (req) => {
      const after = Number(req.query.after ?? 0)
      const limit = Number(req.query.limit ?? 100)
      const name = req.query.villageName
      const matching = name ? pending.filter((d) => d.regionName?.includes(name)) : pending
      const later = matching.filter((d) => placeOf(d) > after)
      const given = later.slice(0, limit)
      const remaining = later.length - given.length
      const last = given.at(-1)
      return {
        status: 200,
        body: {
          disclosures: given,
          page: {
            limit,
            total: matching.length,
            remaining,
            nextAfter: last && remaining > 0 ? String(placeOf(last)) : null,
          },
        },
      }
    },
    ...Object.fromEntries(
      pending.map((d) => [
        `POST /api/v1/disclosures/${d.id}/review`,
        () => {
          pending.splice(pending.indexOf(d), 1)
          return { status: 200, body: { ...d, status: 'published' } }
        },
      ]),
    ),
  })
  return { pending, seen }
}

const queueReads = (seen: SeenRequest[]) => seen.filter((r) => r.path.endsWith('/review-queue'))
const cards = (container: HTMLElement) =>
  [...container.querySelectorAll<HTMLElement>('.cw-review__name')].map((el) => el.textContent)

describe('ReviewPage with more drafts than a page (testers: 110 pending, 100 shown, no total; 150, 12 elsewhere)', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: grant.regionCode })
  })

  it('should say how many are pending and bring them all, oldest first, a page at a time', async () => {
    const { seen } = queueServer(120)
    const { container } = render(<ReviewPage />)
    await flush()
    expect(screen.getByText('共 120 份待审核，已显示 50 份')).toBeTruthy()
    expect(cards(container)).toHaveLength(50)
    expect(cards(container)[0]).toBe('草稿1')

    fireEvent.click(screen.getByRole('button', { name: '再显示 50 份' }))
    await flush()
    expect(screen.getByText('共 120 份待审核，已显示 100 份')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '再显示 20 份' }))
    await flush()
    expect(screen.getByText('共 120 份待审核')).toBeTruthy()
    expect(screen.queryByText(/再显示/)).toBeNull()
    // Every draft once, in the BFF's order: the 10 submitted last are there too.
    expect(cards(container)).toEqual(Array.from({ length: 120 }, (_, i) => `草稿${i + 1}`))
    // Each page after the last draft the one before gave, and no draft asked for twice.
    expect(queueReads(seen).map((r) => [r.query.after, r.query.limit])).toEqual([
      [undefined, '50'],
      ['50', '50'],
      ['100', '50'],
    ])
  })

  it('should keep the count right after deciding one and not skip a draft the next page brings', async () => {
    const { pending, seen } = queueServer(110)
    const { container } = render(<ReviewPage />)
    await flush()
    const card = (title: string) =>
      within(
        [...container.querySelectorAll<HTMLElement>('.cw-review__item')].find(
          (el) => el.querySelector('.cw-review__name')?.textContent === title,
        )!,
      )
    fireEvent.click(card('草稿3').getByRole('button', { name: '通过并公开' }))
    await flush()
    await flush()
    fireEvent.click(card('草稿4').getByRole('button', { name: '通过并公开' }))
    await flush()
    expect(screen.getByText('共 108 份待审核，已显示 48 份')).toBeTruthy()
    // A colleague decides two the page shows meanwhile.
    pending.splice(0, 2)
    fireEvent.click(screen.getByRole('button', { name: '再显示 50 份' }))
    await flush()
    fireEvent.click(screen.getByRole('button', { name: /再显示/ }))
    await flush()
    const shown = cards(container)
    expect(new Set(shown).size).toBe(shown.length)
    for (let n = 5; n <= 110; n += 1) expect(shown).toContain(`草稿${n}`)
    expect(screen.getByText('共 106 份待审核')).toBeTruthy()
    expect(screen.queryByText(/再显示/)).toBeNull()
    // The two decided elsewhere were shown: the second page's counts say so, and the shown ones are read again once.
    expect(shown).not.toContain('草稿1')
    expect(screen.getByText('有 2 份刚刚已有人审核过，已从列表中去掉')).toBeTruthy()
    expect(queueReads(seen).length).toBe(4)
  })

  it('should reach every pending draft once and drop the ones a colleague approved (tester: 150, 12 elsewhere)', async () => {
    const { pending } = queueServer(150)
    const { container } = render(<ReviewPage />)
    await flush()
    expect(screen.getByText('共 150 份待审核，已显示 50 份')).toBeTruthy()
    // Another phone approves 12 of the 50 shown.
    const approved = pending.filter((d) => placeOf(d) % 4 === 2).slice(0, 12)
    for (const d of approved) pending.splice(pending.indexOf(d), 1)
    while (screen.queryByRole('button', { name: /再显示/ })) {
      fireEvent.click(screen.getByRole('button', { name: /再显示/ }))
      await flush()
      await flush()
    }
    const shown = cards(container)
    expect(shown).toEqual(pending.map((d) => d.title))
    expect(shown).toHaveLength(138)
    for (const d of approved) expect(shown).not.toContain(d.title)
    expect(screen.getByText('共 138 份待审核')).toBeTruthy()
    expect(screen.getByText('有 12 份刚刚已有人审核过，已从列表中去掉')).toBeTruthy()
  })

  it('should find a village’s drafts by part of its name and show all again', async () => {
    const { seen } = queueServer(120)
    const { container } = render(<ReviewPage />)
    await flush()
    fireEvent.change(container.querySelector('.cw-review__village') as Element, {
      target: { value: ' 枫林 ' },
    })
    fireEvent.click(screen.getByRole('button', { name: '查找' }))
    await flush()
    expect(queueReads(seen).at(-1)?.query).toMatchObject({ villageName: '枫林' })
    expect(queueReads(seen).at(-1)?.query.after).toBeUndefined()
    expect(screen.getByText('村名含“枫林”的村共 2 份待审核')).toBeTruthy()
    expect(cards(container)).toEqual(['草稿7', '草稿118'])

    fireEvent.change(container.querySelector('.cw-review__village') as Element, { target: { value: '石门' } })
    fireEvent.click(screen.getByRole('button', { name: '查找' }))
    await flush()
    expect(screen.getByText('村名含“石门”的村没有等待审核的公开内容')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: '显示全部' }))
    await flush()
    expect(queueReads(seen).at(-1)?.query.villageName).toBeUndefined()
    expect(screen.getByText('共 120 份待审核，已显示 50 份')).toBeTruthy()
  })
})
