import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import { buildPayTestApp } from '../testing/pay'
import type { TestApp } from '../testing/build-app'
import type { Services } from '.'
import { DEMO_DISCLOSURE_ITEMS, seedDemoDisclosures } from './seed-disclosures.service'
import { demoRegionOf } from '../testing/demo'

const VILLAGE = demoRegionOf('demo-villager')

describe(seedDemoDisclosures.name, () => {
  let t: TestApp
  let s: Services

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no database')
    s = t.services
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should publish the demo items once, with the 低保 list aligned and the subsidy list differing', async () => {
    expect(await seedDemoDisclosures(s)).toEqual({ seeded: true })
    const published = await s.models.Disclosure.find({ regionCode: VILLAGE, status: 'published' }).lean()
    expect(published.map((d) => d.catalogItemId).sort()).toEqual([...DEMO_DISCLOSURE_ITEMS].sort())
    const alignments = await s.models.Alignment.find({ villageCode: VILLAGE }).lean()
    const statusOf = (item: string) => alignments.find((a) => a.catalogItemId === item)?.status
    expect(statusOf('social-assistance.dibao.approval')).toBe('consistent')
    expect(statusOf('agricultural-subsidies.cultivated-land-protection')).toBe('inconsistent')

    // A second start changes nothing.
    expect(await seedDemoDisclosures(s)).toEqual({ seeded: false })
    expect(await s.models.Disclosure.countDocuments({ regionCode: VILLAGE })).toBe(3)
  })

  it('should book the income statement’s lines, so the 月度财务公开 page finds the books and the statement agreeing', async () => {
    const p = await buildPayTestApp()
    try {
      const services = p.services
      if (!services?.pay) throw new Error('no pay feature')
      expect(await seedDemoDisclosures(services)).toEqual({ seeded: true })
      const status = await services.pay.financeStatements.status(VILLAGE, '2026-11')
      expect(status.correctionDue).toBe(false)
      expect(status.sections.find((x) => x.section === 'income')).toMatchObject({ ledgerChanged: false })
      const booked = await services.pay.ledger.monthEntries(VILLAGE, '2026-11')
      expect(booked.reduce((sum, e) => sum + e.amountFen, 0)).toBe(4_246_540)
    } finally {
      await p.close()
    }
  }, 120_000)
})
