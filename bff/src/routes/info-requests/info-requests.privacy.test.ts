import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MyDataDtoSchema, PrivacyPolicyDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

// 个人信息保护法第十七、二十八至三十条 (tell what is collected and why) and 第四十五条 (consult and copy): the identity
// given in an information request is in the policy and in the person's own data.
const TOWNSHIP = demoRegionOf('demo-township')
const requester = {
  name: '王秀英',
  idType: 'resident_id',
  idNumber: '11010519491231002X',
  contact: '13900000000',
}

describe('information requests: the requester’s personal information', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let auth = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    auth = (await signIn(t.app, 'demo-villager')).auth
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('should list what a request collects, and why, in the privacy policy', async () => {
    const policy = PrivacyPolicyDtoSchema.parse((await request(server).get('/api/v1/privacy-policy')).body)
    const section = (heading: string) =>
      policy.sections.find((s) => s.heading === heading)?.paragraphs.join('\n')
    expect(section('我们收集哪些信息')).toMatch(/政府信息公开申请.*姓名.*证件.*联系电话/)
    expect(section('为什么收集，依据是什么')).toMatch(/政府信息公开条例》第二十九条/)
    // The sensitive-information sentence names the request among the uses of an ID number.
    expect(section('为什么收集，依据是什么')).toMatch(/身份证号.*政府信息公开申请/)
    expect(section('谁能看到')).toMatch(/政府信息公开申请.*只有您自己和受理申请的机关/)
  })

  it("should include the person's own requests, with the identity as they gave it, in GET /me/data", async () => {
    const created = await request(server)
      .post('/api/v1/info-requests')
      .set('Authorization', auth)
      .send({ regionCode: TOWNSHIP, description: '本镇2025年低保资金发放明细', form: 'paper', requester })
    expect(created.status).toBe(201)
    const data = await request(server).get('/api/v1/me/data').set('Authorization', auth)
    expect(data.status).toBe(200)
    const parsed = MyDataDtoSchema.parse(data.body)
    expect(parsed.infoRequests).toHaveLength(1)
    expect(parsed.infoRequests[0]).toMatchObject({
      number: created.body.number,
      description: '本镇2025年低保资金发放明细',
      form: 'paper',
      requester: { type: 'person', ...requester },
    })
  })
})
