import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'
import type { User } from '../models/User.model'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import type { Services } from '.'
import type { Actor } from './audit.service'
import { demoHouseholds } from './seed.service'
import { demoRegionOf } from '../testing/demo'

// The membership rules called directly (no HTTP): the memberships, invites and proxies services against the
// embedded test database.

const V1 = demoRegionOf('demo-secretary')
const roster = demoHouseholds(V1)
const actor: Actor = { userId: null, requestId: 'memberships.service.test' }

/** The AppError code a promise rejects with. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}

describe('memberships, invites and proxies services', () => {
  let t: TestApp
  let s: Services
  let secretary: User

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no database')
    s = t.services
    const found = await s.models.User.findOne({ demoUserKey: 'demo-secretary' }).lean()
    if (!found) throw new Error('no demo secretary')
    secretary = found
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  /** A signed-up person with no roles (a fresh openid each time, so tests do not share people). */
  async function person(displayName = '新村民'): Promise<User> {
    return (await s.models.User.create({ openid: `test-${randomUUID()}`, displayName })).toObject()
  }

  const household = (k: number) => {
    const h = roster[k]
    if (!h) throw new Error('no such household')
    return h
  }

  it('should take one application per person, reopen it after the membership ended, and not grant a role before approval', async () => {
    const u = await person()
    const h = household(3)
    const first = await s.memberships.apply(u, V1, { name: h.headName, householdNo: h.householdNo }, actor)
    expect(first.membership.status).toBe('pending')
    expect(first.villageName).not.toBe('')
    expect(
      await codeOf(s.memberships.apply(u, V1, { name: h.headName, householdNo: h.householdNo }, actor)),
    ).toBe(ErrorCode.AlreadyApplied)
    const id = first.membership._id.toHexString()
    expect((await s.models.User.findById(u._id).lean())?.roles).toEqual([])

    await s.memberships.approve(id, secretary, actor)
    await s.memberships.end(id, { by: 'member', user: u }, actor)
    const again = await s.memberships.apply(u, V1, { name: h.headName, householdNo: h.householdNo }, actor)
    expect(again.membership._id.toHexString()).toBe(id)
    expect(again.membership).toMatchObject({ status: 'pending', endedAt: null, decidedAt: null })
  })

  it('should refuse to approve a household that is not on the roster, and grant the villager role once', async () => {
    const stranger = await person()
    const { membership } = await s.memberships.apply(
      stranger,
      V1,
      { name: '查无此人', householdNo: '999' },
      actor,
    )
    expect(await codeOf(s.memberships.approve(membership._id.toHexString(), secretary, actor))).toBe(
      ErrorCode.HouseholdNotOnRoster,
    )
    const [listed] = (await s.memberships.list(V1, 'pending')).filter((a) =>
      a.membership._id.equals(membership._id),
    )
    expect(listed?.roster).toBe('unknown_household')

    const u = await person()
    const h = household(4)
    const applied = await s.memberships.apply(
      u,
      V1,
      { name: h.memberNames[0] ?? '', householdNo: h.householdNo },
      actor,
    )
    const id = applied.membership._id.toHexString()
    expect((await s.memberships.approve(id, secretary, actor)).status).toBe('approved')
    expect(await codeOf(s.memberships.approve(id, secretary, actor))).toBe(ErrorCode.AlreadyDecided)
    const roles = (await s.models.User.findById(u._id).lean())?.roles ?? []
    expect(roles.filter((r) => r.role === 'villager' && r.regionCode === V1)).toHaveLength(1)
  })

  it('should end a membership once: the villager role and proxy rights go, one audit event, 409 after', async () => {
    const u = await person()
    const h = household(5)
    const { membership } = await s.memberships.apply(
      u,
      V1,
      { name: h.headName, householdNo: h.householdNo },
      actor,
    )
    const id = membership._id.toHexString()
    await s.memberships.approve(id, secretary, actor)
    await s.proxies.grant(
      V1,
      { userId: u._id.toHexString(), householdNo: household(6).householdNo, forName: household(6).headName },
      secretary,
      actor,
    )
    expect(await s.models.Proxy.countDocuments({ userId: u._id, villageCode: V1 })).toBe(1)

    // Another member cannot end it (404, as if it did not exist); the secretary can.
    const other = await person()
    expect(await codeOf(s.memberships.end(id, { by: 'member', user: other }, actor))).toBe(ErrorCode.NotFound)
    const ended = await s.memberships.end(
      id,
      { by: 'secretary', user: secretary, kind: 'moved_out', reason: '户口迁出' },
      actor,
    )
    expect(ended).toMatchObject({ status: 'ended', reason: '户口迁出', endKind: 'moved_out' })
    expect((await s.models.User.findById(u._id).lean())?.roles).toEqual([])
    expect(await s.models.Proxy.countDocuments({ userId: u._id, villageCode: V1 })).toBe(0)

    expect(
      await codeOf(
        s.memberships.end(id, { by: 'secretary', user: secretary, kind: 'other', reason: '再次' }, actor),
      ),
    ).toBe(ErrorCode.MembershipNotActive)
    const events = await s.models.AuditEvent.countDocuments({ targetId: id, action: 'membership.end' })
    expect(events).toBe(1)
  })

  it('should let an invite be used once, making its holder an approved member with the villager role', async () => {
    const h = household(7)
    const { invite, qrDataUrl } = await s.invites.create(
      V1,
      { householdNo: h.householdNo, name: h.headName, validDays: 7 },
      secretary,
      actor,
      'http://127.0.0.1:3000',
    )
    expect(qrDataUrl.startsWith('data:image/png;base64,')).toBe(true)
    const u = await person()
    const m = await s.invites.accept(invite._id, u, actor)
    expect(m).toMatchObject({ status: 'approved', via: 'invite', householdNo: h.householdNo })
    const roles = (await s.models.User.findById(u._id).lean())?.roles ?? []
    expect(roles.some((r) => r.role === 'villager' && r.regionCode === V1)).toBe(true)
    expect(await codeOf(s.invites.accept(invite._id, await person(), actor))).toBe(
      ErrorCode.InviteUnavailable,
    )
    expect(
      await codeOf(
        s.invites.create(
          V1,
          { householdNo: '999', name: '某人', validDays: 7 },
          secretary,
          actor,
          'http://x',
        ),
      ),
    ).toBe(ErrorCode.HouseholdNotOnRoster)
  })

  it('should grant proxy rights only to approved members, for a person named on that household', async () => {
    const outsider = await person()
    const h = household(8)
    expect(
      await codeOf(
        s.proxies.grant(
          V1,
          { userId: outsider._id.toHexString(), householdNo: h.householdNo, forName: h.headName },
          secretary,
          actor,
        ),
      ),
    ).toBe(ErrorCode.NotFound)
    const member = await person()
    const applied = await s.memberships.apply(
      member,
      V1,
      { name: h.headName, householdNo: h.householdNo },
      actor,
    )
    await s.memberships.approve(applied.membership._id.toHexString(), secretary, actor)
    expect(
      await codeOf(
        s.proxies.grant(
          V1,
          { userId: member._id.toHexString(), householdNo: h.householdNo, forName: '不是本户的人' },
          secretary,
          actor,
        ),
      ),
    ).toBe(ErrorCode.HouseholdNotOnRoster)
    const grant = {
      userId: member._id.toHexString(),
      householdNo: h.householdNo,
      forName: h.memberNames[0] ?? '',
    }
    await s.proxies.grant(V1, grant, secretary, actor)
    await s.proxies.grant(V1, grant, secretary, actor)
    expect(await s.models.Proxy.countDocuments({ userId: member._id, villageCode: V1 })).toBe(1)
  })
})
