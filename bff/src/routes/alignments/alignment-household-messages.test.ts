import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findSensitiveNumbers, householdKey } from '@cunwu/domain'
import type { TestApp } from '../../testing/build-app'
import {
  households,
  publishHouseholdOnlyInGovernment,
  ITEM,
  PERIOD,
  V1,
} from '../../testing/alignment-household'
import { householdsOfUser } from '../../services/household-alignment.service'
import type { Services } from '../../services'

const TYPE = 'alignment.household_only_in_government'
const [own] = households

interface Entry {
  eventType: string
  title: string
  body: string
  link: { page: string; query: Record<string, string> }
}

/**
 * A household the county's list names and the village's list leaves out is messaged (docs/households.md, "Told where
 * the government's list differs"): one inbox entry and one subscribe message per person of the household, once per
 * finding, in plain words, with no cell of the row; nobody else, and nobody for a row not provably one household's.
 */
describe('messages to a household only the government’s list has', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  let as: (key: string) => string
  let disclosureId = ''

  const inbox = async (key: string): Promise<Entry[]> => {
    const res = await request(server).get('/api/v1/inbox').set('Authorization', as(key))
    expect(res.status).toBe(200)
    return (res.body.entries as Entry[]).filter((e) => e.eventType === TYPE)
  }

  beforeAll(async () => {
    ;({ t, server, as, disclosureId } = await publishHouseholdOnlyInGovernment())
    if (!t.services) throw new Error('no services')
    services = t.services
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should message the household the county’s list names, in plain words and without its figures', async () => {
    const entries = await inbox('demo-villager')
    expect(entries).toHaveLength(1)
    const [entry] = entries
    expect(entry?.title).toBe('县里名单上有您家，村里公示的名单里没有')
    expect(entry?.body).toContain('《2026年耕地地力保护补贴公示》里没有这一行')
    expect(entry?.body).toContain('请找村委会说明')
    expect(entry?.link).toMatchObject({ page: 'alignment/detail/index', query: { disclosure: disclosureId } })
    // No cell of the row: the figures are read on the 对照 page after signing in.
    const text = JSON.stringify(entry)
    expect(text).not.toMatch(/500|亩|0123/)
    expect(findSensitiveNumbers(text)).toEqual([])
    // One subscribe message per person told, whose recipient the admins' view does not show.
    const { Outbox, InboxEntry } = services.models
    const messages = await Outbox.find({ eventType: TYPE }).lean()
    const told = await InboxEntry.find({ eventType: TYPE }).lean()
    expect(messages.map((m) => m.userId.toHexString()).sort()).toEqual(
      told.map((e) => e.userId.toHexString()).sort(),
    )
    expect(messages.every((m) => m.privateRecipient)).toBe(true)
    expect(messages.every((m) => !m.eventId.includes(own?.headName ?? '-'))).toBe(true)
    // Everyone told holds the household (a member the roster proves, or a proxy), and only it.
    const ownKey = householdKey(own?.householdNo ?? '')
    for (const e of told) {
      const theirs = await householdsOfUser(services.models, e.userId, V1)
      expect(theirs.map((h) => householdKey(h.householdNo))).toContain(ownKey)
    }
  })

  it('should message nobody else: not a household both lists have alike, not a row nobody provably owns', async () => {
    expect(await inbox('demo-newcomer')).toEqual([])
    const told = await services.models.InboxEntry.find({ eventType: TYPE }).lean()
    // One finding (the unproved row tells nobody): one event id.
    expect(new Set(told.map((e) => e.eventId)).size).toBe(1)
  })

  it('should not message again when the comparison is computed again', async () => {
    const before = await services.models.InboxEntry.countDocuments({ eventType: TYPE })
    const outboxBefore = await services.models.Outbox.countDocuments({ eventType: TYPE })
    expect(before).toBeGreaterThan(0)
    // The upkeep's sweep (nothing changed), then a recompute that writes the alignment again.
    await services.alignments.recompute(V1, ITEM, PERIOD)
    const moved = await services.models.Alignment.updateOne(
      { key: `${V1}|${ITEM}|${PERIOD}` },
      { $set: { fingerprint: 'older' } },
    )
    expect(moved.modifiedCount).toBe(1)
    const again = await services.alignments.recompute(V1, ITEM, PERIOD)
    expect(again?.fingerprint).not.toBe('older')
    expect(await services.models.InboxEntry.countDocuments({ eventType: TYPE })).toBe(before)
    expect(await services.models.Outbox.countDocuments({ eventType: TYPE })).toBe(outboxBefore)
    expect(await inbox('demo-villager')).toHaveLength(1)
  })
})
