import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildQuestionsKit, type QuestionsKit } from '../questions/questions-test-kit'
import { demoRegionOf } from '../../testing/demo'

// What information requests take as input: the requester's papers, a reply's links and items, the report's year.
const TOWNSHIP = demoRegionOf('demo-township')
const VILLAGE = demoRegionOf('demo-secretary')
const person = { name: '李四', idType: 'resident_id', idNumber: '110101199003074477', contact: '13800138000' }

describe('information requests: input', () => {
  let kit: QuestionsKit
  let server: QuestionsKit['server']

  beforeAll(async () => {
    kit = await buildQuestionsKit()
    server = kit.server
    await request(server).post('/api/v1/dev/clock').send({ setTo: '2026-03-02T09:00:00+08:00' })
  }, 120_000)
  afterAll(async () => {
    await kit.t.close()
  })

  const post = (path: string, who: string, body: object = {}) =>
    request(server).post(`/api/v1${path}`).set('Authorization', kit.as(who)).send(body)
  let filed = 0
  const file = (requester: object) =>
    post('/info-requests', 'demo-villager', {
      regionCode: TOWNSHIP,
      // Each request its own: the same one sent again at once is one (docs/api.md).
      description: `本镇2025年低保资金发放明细第${++filed}份`,
      form: 'electronic',
      requester,
    })

  it('should say the year is missing when the report is asked with an empty one', async () => {
    for (const year of ['', '%20']) {
      const res = await request(server)
        .get(`/api/v1/regions/${TOWNSHIP}/info-requests/annual-report?year=${year}`)
        .set('Authorization', kit.as('demo-township'))
      expect(res.status).toBe(400)
      expect(res.body.error.message).toContain('请填写年份')
      expect(res.body.error.message).not.toContain('不能小于')
    }
  })

  it("should take only papers of the requester's kind, and a 统一社会信用代码 with its check character", async () => {
    const org = { ...person, type: 'organization', name: '某某农业专业合作社' }
    for (const [requester, field] of [
      [{ ...org, idType: 'resident_id' }, '单位'],
      [{ ...org, idType: 'passport', idNumber: 'E12345678' }, '单位'],
      [{ ...person, type: 'person', idType: 'business_license', idNumber: 'abcd' }, '个人'],
      [{ ...org, idType: 'business_license', idNumber: '91350100M000100Y44' }, '统一社会信用代码不对'],
      [{ ...org, idType: 'business_license', idNumber: 'abcd' }, '统一社会信用代码不对'],
    ] as const) {
      const res = await file(requester)
      expect(res.status, JSON.stringify(requester)).toBe(400)
      expect(res.body.error.message).toContain(field)
    }
    // As typed on a phone: lower case, spaces, full-width characters.
    const ok = await file({ ...org, idType: 'business_license', idNumber: '９１３５ 0100m000100y43' })
    expect(ok.status).toBe(201)
    const office = await request(server)
      .get(`/api/v1/info-requests/${String(ok.body.id)}`)
      .set('Authorization', kit.as('demo-township'))
    expect(office.body.requester.idNumber).toBe('91350100M000100Y43')
  })

  it('should count the description as a person counts characters, and name the field when it is too long', async () => {
    const describe_ = (description: string, purpose?: string) =>
      post('/info-requests', 'demo-villager', {
        regionCode: TOWNSHIP,
        description,
        ...(purpose === undefined ? {} : { purpose }),
        form: 'electronic',
        requester: person,
      })
    // 1000 characters, an emoji counted as one (the stored record counted UTF-16 units: 400 数据校验未通过).
    for (const [description, purpose] of [
      ['长'.repeat(999) + '😀', undefined],
      ['😀'.repeat(600), undefined],
      ['长'.repeat(998) + '😀😀', '🙏'.repeat(150)],
    ] as const) {
      const ok = await describe_(description, purpose)
      expect(ok.status, description.slice(-3)).toBe(201)
      expect(ok.body.description).toBe(description)
    }
    for (const description of ['长'.repeat(1000) + '😀', 'a'.repeat(1001)]) {
      const res = await describe_(description)
      expect(res.status).toBe(400)
      expect(res.body.error.details).toEqual({ 'body.description': '最多 1000 个字' })
    }
    // A corrected request is stored the same way.
    const id = String((await describe_('本镇2025年修路资金拨付文件')).body.id)
    expect(
      (await post(`/info-requests/${id}/correction-notice`, 'demo-township', { missing: ['时间范围'] }))
        .status,
    ).toBe(200)
    const corrected = await post(`/info-requests/${id}/correct`, 'demo-villager', {
      description: '长'.repeat(999) + '😀',
    })
    expect(corrected.status).toBe(200)
  })

  it('should take as reply items only disclosures the public may open, and show them to the requester', async () => {
    const published = await kit.draft(VILLAGE, 'demo-secretary', '2025-Q4')
    await kit.publish(published)
    const draft = await kit.draft(VILLAGE, 'demo-secretary', '2025-Q3')
    const id = String((await file(person)).body.id)
    for (const disclosureIds of [['ffffffffffffffffffffffff'], [published, draft]]) {
      const refused = await post(`/info-requests/${id}/reply`, 'demo-township', {
        type: 'disclosed',
        text: '该信息已主动公开，请查看所附公开条目。',
        disclosureIds,
      })
      expect(refused.status).toBe(422)
      expect(refused.body.error.code).toBe('reply_item_not_public')
      expect(refused.body.error.message).toContain('公开内容')
    }
    // Nothing half-written: the request is still to answer.
    const still = await request(server)
      .get(`/api/v1/info-requests/${id}`)
      .set('Authorization', kit.as('demo-villager'))
    expect(still.body).toMatchObject({ status: 'registered', reply: null })
    const replied = await post(`/info-requests/${id}/reply`, 'demo-township', {
      type: 'disclosed',
      text: '该信息已主动公开，请查看所附公开条目。',
      disclosureIds: [published],
    })
    expect(replied.status).toBe(200)
    const mine = await request(server)
      .get(`/api/v1/info-requests/${id}`)
      .set('Authorization', kit.as('demo-villager'))
    expect(mine.body.reply.disclosures).toEqual([{ id: published, title: '2025-Q4 低保对象名单公示' }])
  })

  it('should refuse reply links with a user name or password before the address', async () => {
    const id = String((await file(person)).body.id)
    for (const link of [
      'https://user:pass@evil.example/x',
      'https://www.gov.cn@other.site/',
      'http://a@b.cn/',
    ]) {
      const res = await post(`/info-requests/${id}/reply`, 'demo-township', {
        type: 'disclosed',
        text: '见链接',
        links: [link],
      })
      expect(res.status, link).toBe(400)
      expect(res.body.error.message).toContain('@')
    }
    const ok = await post(`/info-requests/${id}/reply`, 'demo-township', {
      type: 'disclosed',
      text: '见链接',
      links: ['https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm'],
    })
    expect(ok.status).toBe(200)
  })

  it('should say which item of a correction notice is too long, and that the limit is per item (tester irui3)', async () => {
    const id = String((await file(person)).body.id)
    const notice = (missing: string[]) =>
      post(`/info-requests/${id}/correction-notice`, 'demo-township', { missing })
    const long = await notice(['写明年份', '写明村名', '补'.repeat(201)])
    expect(long.status).toBe(400)
    expect(long.body.error.details['body.missing']).toBe(
      '第3项最多200个字（每项分别计算），已超过1个字，请删减',
    )
    const many = await notice(Array.from({ length: 11 }, (_, i) => `第${i + 1}样材料`))
    expect(many.body.error.details['body.missing']).toBe('最多写10项（每行一项），现在有11项，请合并几项')
    // 200 characters with emoji, counted as a person counts them, is within the limit.
    expect((await notice(['写明年份', '补'.repeat(190) + '😀'.repeat(10)])).status).toBe(200)
  })
})
