import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiDateOf } from '@cunwu/domain'
import { runDisclosureMaintenance } from '../../jobs/disclosure-maintenance.job'
import { MAX_UNLINKED_VOUCHERS } from '../../services/voucher-files.service'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { demoRegionOf } from '../../testing/demo'
import { signIn } from '../../testing/sign-in'
import { pngImage } from '../../testing/upload-files'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

// Vouchers uploaded for the ledger but never put on an entry: a cap per village, and the upkeep deletes them after a
// day (docs/wechat-pay.md, "Vouchers").
describe('ledger vouchers never put on an entry', () => {
  let t: TestApp
  let secretary = ''

  beforeAll(async () => {
    t = await buildTestApp({
      MAINTENANCE_INTERVAL_MS: '0',
      RATE_LIMIT_UPLOAD_PER_USER: '0',
      RATE_LIMIT_UPLOAD_PER_IP: '0',
    })
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  const api = () => request(t.app.callback())
  const upload = () =>
    api()
      .post(`/api/v1/villages/${V1}/ledger/vouchers`)
      .set('Authorization', secretary)
      .attach('file', pngImage(), 'voucher.png')
  const files = () => t.services?.models.Disclosure.db.collection('vouchers.files')
  const chunks = () => t.services?.models.Disclosure.db.collection('vouchers.chunks')
  const age = (id: string, ms: number) =>
    files()?.updateOne({ _id: new Types.ObjectId(id) }, { $set: { uploadDate: new Date(Date.now() - ms) } })
  const book = (fileId: string) =>
    api()
      .post(`/api/v1/villages/${V1}/ledger`)
      .set('Authorization', secretary)
      .send({
        section: 'expense',
        date: shanghaiDateOf(Date.now()),
        amountFen: 1_000,
        summary: '购买扫帚',
        category: '公益事业支出',
        voucherNo: '记-1',
        voucherFileIds: [fileId],
      })

  it('should delete, in the upkeep, a voucher a day old that no entry uses, and keep the used and the fresh ones', async () => {
    const used = (await upload()).body.fileId as string
    const unused = (await upload()).body.fileId as string
    const fresh = (await upload()).body.fileId as string
    expect((await book(used)).status).toBe(201)
    await age(used, 25 * 3600_000)
    await age(unused, 25 * 3600_000)
    await age(fresh, 3600_000)
    if (!t.services) throw new Error('no services')
    const r = await runDisclosureMaintenance(t.services)
    expect(r.vouchersRemoved).toBe(1)
    const left = (
      await files()
        ?.find({}, { projection: { _id: 1 } })
        .toArray()
    )?.map((f) => String(f._id))
    expect(left?.sort()).toEqual([used, fresh].sort())
    expect(await chunks()?.countDocuments({ files_id: new Types.ObjectId(unused) })).toBe(0)
    const open = await api()
      .get(`/api/v1/villages/${V1}/ledger/vouchers/${used}`)
      .set('Authorization', secretary)
    expect(open.status).toBe(200)
    // Run again: nothing more to delete; the used one is not looked at again.
    expect((await runDisclosureMaintenance(t.services)).vouchersRemoved).toBe(0)
    expect((await files()?.findOne({ _id: new Types.ObjectId(used) }))?.metadata?.onEntry).toBe(true)
  })

  it(`should refuse a village's upload past ${MAX_UNLINKED_VOUCHERS} vouchers waiting for an entry, in Chinese, and not another village's`, async () => {
    const waiting = await files()?.countDocuments({
      'metadata.villageCode': V1,
      'metadata.onEntry': { $ne: true },
    })
    // One of those (the fresh one above) is still waiting.
    expect(waiting).toBe(1)
    let last = ''
    for (let i = 1; i < MAX_UNLINKED_VOUCHERS; i += 1) {
      const up = await upload()
      expect(up.status).toBe(201)
      last = up.body.fileId
    }
    const over = await upload()
    expect([over.status, over.body.error.code]).toEqual([429, 'too_many_vouchers'])
    expect(over.body.error.message).toMatch(/^本村已有 50 张上传后还没记到台账上的凭证/)
    expect(over.body.error.message).not.toMatch(/[A-Za-z]{2,}/)
    // Another village is not held by this one's.
    const other = (await signIn(t.app, 'demo-secretary-2')).auth
    const elsewhere = await api()
      .post(`/api/v1/villages/${V2}/ledger/vouchers`)
      .set('Authorization', other)
      .attach('file', pngImage(), 'voucher.png')
    expect(elsewhere.status).toBe(201)
    // Putting one on an entry makes room for one more.
    expect((await book(last)).status).toBe(201)
    expect((await upload()).status).toBe(201)
    expect((await upload()).status).toBe(429)
  }, 120_000)

  it(`should hold the ${MAX_UNLINKED_VOUCHERS} waiting vouchers exactly when many uploads arrive at once`, async () => {
    const waiting = async () => {
      const list = await files()
        ?.find({ 'metadata.villageCode': V1, 'metadata.onEntry': { $ne: true } }, { projection: { _id: 1 } })
        .toArray()
      const ids = (list ?? []).map((f) => f._id)
      const linked = await t.services?.models.LedgerEntry.distinct('voucherFileIds', {
        voucherFileIds: { $in: ids },
      })
      return ids.length - (linked?.length ?? 0)
    }
    for (let round = 0; round < 4; round++) {
      // Room for a few: some waiting vouchers are put on entries (or, in one round, removed by the upkeep).
      const left = await files()
        ?.find({ 'metadata.villageCode': V1, 'metadata.onEntry': { $ne: true } })
        .sort({ _id: -1 })
        .toArray()
      for (const f of (left ?? []).slice(0, 3 + round)) {
        if (round === 2) await age(String(f._id), 25 * 3600_000)
        else expect((await book(String(f._id))).status).toBe(201)
      }
      if (round === 2 && t.services) await runDisclosureMaintenance(t.services)
      // Vouchers from before places existed carry none, and still count.
      if (round === 3)
        await files()?.updateMany({ 'metadata.villageCode': V1 }, { $unset: { 'metadata.limitSlot': 1 } })
      while ((await waiting()) < MAX_UNLINKED_VOUCHERS - 5) expect((await upload()).status).toBe(201)
      const before = await waiting()
      const all = await Promise.all(Array.from({ length: 12 }, () => upload()))
      expect(all.filter((r) => r.status === 201)).toHaveLength(MAX_UNLINKED_VOUCHERS - before)
      for (const r of all.filter((x) => x.status !== 201))
        expect([r.status, r.body.error.code]).toEqual([429, 'too_many_vouchers'])
      expect(await waiting()).toBe(MAX_UNLINKED_VOUCHERS)
      // No chunks of a refused upload are left behind.
      const ids = (
        (await files()
          ?.find({}, { projection: { _id: 1 } })
          .toArray()) ?? []
      ).map((f) => String(f._id))
      const owners = ((await chunks()?.distinct('files_id')) ?? []).map(String)
      expect(owners.filter((o) => !ids.includes(o))).toEqual([])
    }
  }, 180_000)
})
