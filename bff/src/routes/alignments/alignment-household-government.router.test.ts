import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlignmentDtoSchema, DisclosureDtoSchema, findSensitiveNumbers } from '@cunwu/domain'
import type { TestApp } from '../../testing/build-app'
import { households, publishHouseholdOnlyInGovernment } from '../../testing/alignment-household'

const [own, neighbour, third, unproved, other] = households

/**
 * A household the county's list names and the village's list leaves out is told (docs/households.md, "Told where
 * the government's list differs"): on the item's 对照 page and under 与我相关, with the county's row as the comparison
 * shows it and who is checking. A county row not provably one household's is only counted; another household and a
 * signed-out reader see the count only.
 */
describe('the government list’s rows of one’s own household the village’s list lacks', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let as: (key: string) => string
  let disclosureId = ''

  beforeAll(async () => {
    if (!unproved || !other) throw new Error('the demo roster has 30 households')
    // The unproved row's name must be nobody's in the household its 户号 names.
    expect([other.headName, ...other.memberNames]).not.toContain(unproved.headName)
    ;({ t, server, as, disclosureId } = await publishHouseholdOnlyInGovernment())
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  const expectedOwn = () => ({
    office: '县里',
    state: 'checking',
    note: null,
    discrepancies: [],
    onlyInGovernment: [
      {
        name: own?.headName,
        cells: [
          { column: expect.objectContaining({ key: 'area_mu', unit: '亩' }), value: '4' },
          { column: expect.objectContaining({ key: 'amount', type: 'amount_fen' }), value: 50_000 },
          { column: expect.objectContaining({ key: 'id_number' }), value: expect.stringMatching(/\*/) },
          { column: expect.objectContaining({ key: 'household_no' }), value: own?.householdNo },
          {
            column: expect.objectContaining({ key: 'bank_account' }),
            value: expect.stringMatching(/^\*+0123$/),
          },
        ],
      },
    ],
  })

  it('should show the household the county’s row of its own that the village list lacks, masked, and who checks', async () => {
    const res = await request(server)
      .get(`/api/v1/disclosures/${disclosureId}/alignment`)
      .set('Authorization', as('demo-villager'))
    expect(res.status).toBe(200)
    const a = AlignmentDtoSchema.parse(res.body)
    expect(a.household).toEqual(expect.objectContaining(expectedOwn()))
    expect(a.household?.checkedBy).toEqual(expect.any(String))
    expect(res.headers['cache-control']).toBe('private, no-cache')
    // Neither the other households' rows nor the row nobody provably owns are given, and no full number.
    const body = JSON.stringify(res.body)
    for (const name of [neighbour?.headName, third?.headName, unproved?.headName])
      expect(body).not.toContain(name)
    expect(findSensitiveNumbers(body)).toEqual([])
    // Both county rows the village lacks are counted.
    expect(a.hiddenDiscrepancies).toBe(2)
    const pub = await request(server).get(`/api/v1/disclosures/${disclosureId}/alignment`)
    expect({ ...a, household: undefined }).toEqual({ ...pub.body, household: undefined })
  })

  it('should show another household and a signed-out reader only the count', async () => {
    for (const key of ['demo-newcomer', null]) {
      const req = request(server).get(`/api/v1/disclosures/${disclosureId}/alignment`)
      const res = key ? await req.set('Authorization', as(key)) : await req
      expect(res.status).toBe(200)
      expect(res.body.household).toBeUndefined()
      expect(res.body.hiddenDiscrepancies).toBe(2)
      expect(JSON.stringify(res.body)).not.toContain(own?.headName)
    }
    const related = await request(server).get('/api/v1/me/related').set('Authorization', as('demo-newcomer'))
    expect(related.status).toBe(200)
    const entry = DisclosureDtoSchema.parse(
      related.body.disclosures.find((d: { id: string }) => d.id === disclosureId),
    )
    expect(entry.table?.rows.map((r) => r.name)).toEqual([neighbour?.headName])
    expect(entry.householdAlignment).toBeNull()
    expect(JSON.stringify(related.body)).not.toContain(own?.headName)
  })

  it('should list the item under 与我相关 with no rows of the village’s and the county’s row', async () => {
    const res = await request(server).get('/api/v1/me/related').set('Authorization', as('demo-villager'))
    expect(res.status).toBe(200)
    const entry = DisclosureDtoSchema.parse(
      res.body.disclosures.find((d: { id: string }) => d.id === disclosureId),
    )
    expect(entry.table?.rows).toEqual([])
    expect(entry.householdAlignment).toEqual(expect.objectContaining(expectedOwn()))
    const body = JSON.stringify(res.body)
    for (const name of [neighbour?.headName, third?.headName, unproved?.headName])
      expect(body).not.toContain(name)
    expect(findSensitiveNumbers(body)).toEqual([])
  })
})
