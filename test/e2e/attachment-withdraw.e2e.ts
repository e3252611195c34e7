import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DisclosureDtoSchema } from '@cunwu/domain'
import { demoPeople } from '../../bff/src/services/seed.service'
import { buildDibaoRows } from '../../bff/src/testing/factories'
import { seriousAxeViolations } from './axe'
import {
  apiAs,
  button,
  launchBrowser,
  openPhonePage,
  screenshot,
  signInAs,
  startSystem,
  visible,
} from './harness'
import type { System } from './harness'
import { seenRevision } from './seen-revision'

/**
 * 撤下附件 in the browser (docs/versions.md, 'Withdrawing an attachment'): the township above the village opens a
 * published item whose photo shows what it should not, takes the photo down with a reason after a confirmation, and
 * the page then says 附件已撤下 with the reason where the link was; the file is gone for everyone. Axe-clean at 360 px.
 */
const REASON = '照片里能看到村民的身份证号'
/** A 1×1 PNG. */
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
const village = demoPeople().find((p) => p.userKey === 'demo-secretary')?.grants[0]?.regionCode ?? ''

/** A demo person's access token, for the multipart upload the JSON caller does not send. */
async function tokenOf(base: string, userKey: string): Promise<string> {
  const login = await fetch(`${base}/api/v1/dev/login-code`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userKey }),
  })
  const { code } = (await login.json()) as { code: string }
  const auth = await fetch(`${base}/api/v1/auth/wechat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  })
  return ((await auth.json()) as { accessToken: string }).accessToken
}

describe('H5 撤下附件', () => {
  let system: System
  let browser: Browser
  let disclosureId = ''
  let fileId = ''

  beforeAll(async () => {
    system = await startSystem()
    browser = await launchBrowser()
    const base = system.server.url
    const secretary = await apiAs(system, 'demo-secretary')
    const township = await apiAs(system, 'demo-township')
    const created = await secretary('POST', `/api/v1/villages/${village}/disclosures`, {
      catalogItemId: 'social-assistance.dibao.approval',
      period: '2026-11',
      title: '云溪村低保对象名单公示（撤下附件测试）',
      body: '经村民代表会议评议、乡镇审核，以下家庭享受低保。',
      rows: buildDibaoRows(village, 3),
    })
    expect(created.status).toBe(201)
    disclosureId = DisclosureDtoSchema.parse(created.body).id
    const form = new FormData()
    form.append('file', new Blob([Buffer.from(PNG_1X1, 'base64')], { type: 'image/png' }), '公示栏照片.png')
    const upload = await fetch(`${base}/api/v1/disclosures/${disclosureId}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await tokenOf(base, 'demo-secretary')}` },
      body: form,
    })
    expect(upload.status).toBe(201)
    fileId = ((await upload.json()) as { id: string }).id
    expect((await secretary('POST', `/api/v1/disclosures/${disclosureId}/submit`)).status).toBe(200)
    const review = await township('POST', `/api/v1/disclosures/${disclosureId}/review`, {
      decision: 'approve',
      revision: await seenRevision(township, disclosureId),
    })
    expect(review.status).toBe(200)
  })
  afterAll(async () => {
    await browser?.close()
    await system?.stop()
  })

  it('should let the township take a published photo down with a reason, and show 附件已撤下 in its place', async () => {
    const base = system.server.url
    const { page, problems } = await openPhonePage(browser, { viewport: { width: 360, height: 740 } })
    await signInAs(page, base, 'demo-township')
    await page.goto(`${base}/#/pages/disclosure/index?id=${disclosureId}`, { waitUntil: 'load' })
    await visible(page, '.cw-disclosure__attachment').waitFor({ timeout: 20_000 })
    const open = button(page, '撤下附件：公示栏照片.png')
    await open.waitFor({ timeout: 20_000 })
    await open.click()
    await visible(page, '.cw-reason-step__field textarea').fill(REASON)
    await button(page, '下一步').click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor({ timeout: 10_000 })
    expect(await dialog.innerText()).toContain('不能恢复')
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'attachment-withdraw-01-confirm')
    await button(page, '确定撤下').click()

    const withdrawn = visible(page, '.cw-disclosure__withdrawn')
    await withdrawn.waitFor({ timeout: 20_000 })
    expect(await withdrawn.innerText()).toContain(REASON)
    expect(await page.getByRole('dialog').count()).toBe(0)
    expect(await visible(page, '.cw-disclosure__attachment-name').allInnerTexts()).toEqual(['附件已撤下'])
    expect(await seriousAxeViolations(page)).toEqual([])
    await screenshot(page, 'attachment-withdraw-02-done')

    // The file is gone for everyone, and the public version says why.
    const download = await fetch(`${base}/api/v1/disclosures/${disclosureId}/attachments/${fileId}`)
    expect(download.status).toBe(404)
    const item = DisclosureDtoSchema.parse(
      await (await fetch(`${base}/api/v1/disclosures/${disclosureId}`)).json(),
    )
    expect(item.attachments).toEqual([])
    expect(item.withdrawnAttachments?.map((w) => w.reason)).toEqual([REASON])
    expect(problems).toEqual([])
    await page.context().close()
  })
})
