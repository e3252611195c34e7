import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSetup, setupTools } from './setup'
import type { SetupTools } from './setup'
import { buildTestApp } from './testing/build-app'
import type { TestApp } from './testing/build-app'
import { signIn } from './testing/sign-in'

// A county from nothing: a province, a city, the county, a township and two villages.
const COUNTY_CSV = [
  'code,name,codeYear,urbanRuralCode',
  '430000000000,湖南省,2025,',
  '431200000000,怀化市,2025,',
  '431227000000,新晃侗族自治县,2025,',
  '431227100000,波洲镇,2025,',
  '431227100201,长乐村委会,2025,220',
  '431227100202,中寨村委会,2025,220',
].join('\n')

describe('npm run setup (a new county, production: no demo data)', () => {
  let t: TestApp
  let tools: SetupTools
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cunwu-setup-'))
  const run = async (...args: string[]) => {
    const lines: string[] = []
    const code = await runSetup(args, tools, (line) => lines.push(line))
    return { code, out: lines.join('\n') }
  }

  beforeAll(async () => {
    t = await buildTestApp({ SEED_DEMO: 'false' })
    if (!t.services) throw new Error('no database')
    tools = setupTools(t.services.models)
  })
  afterAll(async () => {
    await t.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('should import the regions, then make a person who signed in the county admin, who can then manage it', async () => {
    const server = t.app.callback()
    expect(await t.services?.models.Region.countDocuments()).toBe(0)
    const csv = path.join(dir, 'county.csv')
    fs.writeFileSync(csv, COUNTY_CSV)
    expect(await run('regions', csv)).toEqual({ code: 0, out: '已导入行政区划：新增6个，更新0个。' })

    // The future admin signs in once; the operator finds them by the name their 我的 page shows.
    const person = await signIn(t.app, 'county-it-head')
    const me = await request(server).get('/api/v1/me').set('Authorization', person.auth)
    expect(me.body.roles).toEqual([])
    const listed = await run('users')
    expect(listed.out).toContain(`${me.body.id}  ${me.body.displayName}  账号编号 ${me.body.accountCode}`)
    expect(await run('admin', me.body.accountCode, '431227000000')).toMatchObject({ code: 0 })
    // Roles in words, never role codes or region codes.
    const relisted = (await run('users')).out
    expect(relisted).toContain('系统管理员（新晃侗族自治县）')
    expect(relisted).not.toMatch(/admin@|（\d{12}）/)

    const after = await request(server).get('/api/v1/me').set('Authorization', person.auth)
    expect(after.body.roles).toMatchObject([{ role: 'admin', regionCode: '431227000000' }])
    // As admin, through the API: another township and its village under the county the setup imported.
    const more = await request(server).post('/api/v1/regions/import').set('Authorization', person.auth).send({
      csv: 'code,name,codeYear,urbanRuralCode\n431227101000,晃州镇,2025,\n431227101201,大洞坪村委会,2025,220',
    })
    expect([more.status, more.body]).toEqual([200, { added: 2, updated: 0, unchanged: 0 }])
    // The grant is in the audit trail, by nobody (the setup).
    const audit = await t.services?.models.AuditEvent.findOne({
      action: 'role.grant',
      targetId: me.body.id,
    }).lean()
    expect(audit).toMatchObject({ actorId: null, regionCode: '431227000000' })
  })

  it('should refuse a bad file whole, an unknown person and a wrong code, saying why', async () => {
    const bad = path.join(dir, 'bad.csv')
    fs.writeFileSync(bad, 'code,name,codeYear,urbanRuralCode\n431227200000,新乡,2025,\n999999999999,x,2025,')
    const refused = await run('regions', bad)
    expect(refused.code).toBe(1)
    expect(refused.out).toMatch(/CSV 中有 \d+ 处错误，未导入任何数据\n {2}第 3 行/)
    expect(await t.services?.models.Region.exists({ _id: '431227200000' })).toBeNull()
    expect(await run('regions', path.join(dir, 'missing.csv'))).toMatchObject({ code: 1 })
    expect((await run('admin', '微信用户没有这人', '431227000000')).out).toContain(
      '没有叫 微信用户没有这人 的人',
    )
    const person = await signIn(t.app, 'county-it-second')
    const id = (await request(t.app.callback()).get('/api/v1/me').set('Authorization', person.auth)).body.id
    expect(await run('admin', id, '4312')).toMatchObject({
      code: 1,
      out: '区划代码 4312 不对：应为 12 位数字',
    })
    // Admin of a village is not a role the catalog of roles allows.
    expect(await run('admin', id, '431227100201')).toMatchObject({
      code: 1,
      out: '该身份不能授予在这一级地区',
    })
    expect((await run('launch')).code).toBe(2)
  })

  it('should refuse a file of an older code year, naming the flag, and import it with --allow-older-code-year', async () => {
    const older = path.join(dir, 'older.csv')
    fs.writeFileSync(older, 'code,name,codeYear,urbanRuralCode\n431227100201,长乐村,2024,220')
    const refused = await run('regions', older)
    expect(refused.code).toBe(1)
    expect(refused.out).toContain('未导入任何数据')
    // The operator is told what to type here, not a choice only the app offers.
    expect(refused.out).toContain('npm run setup -- regions <文件> --allow-older-code-year')
    expect(refused.out).not.toContain('允许用旧年份覆盖')
    expect((await t.services?.models.Region.findById('431227100201').lean())?.name).toBe('长乐村委会')
    expect(await run('regions', older, '--allow-older-code-year')).toEqual({
      code: 0,
      out: '已导入行政区划：新增0个，更新1个。',
    })
    expect((await t.services?.models.Region.findById('431227100201').lean())?.codeYear).toBe(2024)
    expect((await run('regions', older, '--allow-older')).code).toBe(2)
  })
})
