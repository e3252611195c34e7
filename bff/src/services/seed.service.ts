import type { DemoUserDto, Region as RegionDto, Role } from '@cunwu/domain'
import { DEMO_REGIONS, ROLE_LABELS, villageKindOfCode } from '@cunwu/domain'
import type { Models } from '../models'
import { membershipPersonKey } from '../models/Membership.model'
import { regionUpsert } from '../models/Region.model'
import { SYSTEM_ACTOR } from './audit.service'
import type { AuditService } from './audit.service'

/** A demo person: who they are and which roles the seed grants them. */
export interface DemoPerson {
  userKey: string
  displayName: string
  grants: { role: Role; regionCode: string }[]
  /** An approved membership (villagers only). */
  member?: { villageCode: string; householdNo: string; name: string }
  /** Shown on the development sign-in page. */
  hint?: string
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡']
const GIVEN = [
  '建国',
  '秀英',
  '桂兰',
  '志强',
  '海燕',
  '德明',
  '玉梅',
  '春生',
  '红霞',
  '国庆',
  '永福',
  '丽华',
  '长青',
  '金凤',
  '宝山',
]

/** The demo roster of a village: 30 households with a head and members, deterministic per village. */
export function demoHouseholds(villageCode: string) {
  const seed = Number(villageCode.slice(-6))
  return Array.from({ length: 30 }, (_, i) => {
    const surname = SURNAMES[(seed + i) % SURNAMES.length] ?? '王'
    const head = `${surname}${GIVEN[(seed * 7 + i) % GIVEN.length] ?? '建国'}`
    const spouse = `${SURNAMES[(seed + i + 3) % SURNAMES.length] ?? '李'}${GIVEN[(seed * 7 + i + 5) % GIVEN.length] ?? '秀英'}`
    return {
      villageCode,
      householdNo: String(i + 1).padStart(3, '0'),
      headName: head,
      memberNames: [spouse],
    }
  })
}

function byLevel(level: RegionDto['level']): RegionDto[] {
  return DEMO_REGIONS.filter((r) => r.level === level)
}

/** The demo people for the demo region set: one of each role, in two villages of different townships. */
export function demoPeople(): DemoPerson[] {
  const county = byLevel('county')[0]
  // Villages proper (村民委员会) rather than urban communities: the demo is about village disclosures.
  const villages = byLevel('village').filter((v) => villageKindOfCode(v.code) === 'villagers_committee')
  const v1 = villages[0]
  const t1 = byLevel('township').find((t) => t.code === v1?.parentCode)
  const v2 = villages.find((v) => v.parentCode !== t1?.code)
  if (!county || !t1 || !v1 || !v2)
    throw new Error('DEMO_REGIONS needs a county, a township and two villages')
  const head1 = demoHouseholds(v1.code)[0]
  const head2 = demoHouseholds(v1.code)[1]
  return [
    {
      userKey: 'demo-admin',
      displayName: '县管理员 周明',
      grants: [{ role: 'admin', regionCode: county.code }],
    },
    {
      userKey: 'demo-county',
      displayName: '县政务公开办 吴静',
      grants: [{ role: 'county', regionCode: county.code }],
    },
    {
      userKey: 'demo-township',
      displayName: `${t1.name} 刘芳`,
      grants: [{ role: 'township', regionCode: t1.code }],
    },
    {
      userKey: 'demo-secretary',
      displayName: `${v1.name} 陈书记`,
      grants: [{ role: 'secretary', regionCode: v1.code }],
    },
    {
      userKey: 'demo-secretary-2',
      displayName: `${v2.name} 赵书记`,
      grants: [{ role: 'secretary', regionCode: v2.code }],
    },
    {
      userKey: 'demo-villager',
      displayName: head1?.headName ?? '村民',
      grants: [{ role: 'villager', regionCode: v1.code }],
      ...(head1
        ? { member: { villageCode: v1.code, householdNo: head1.householdNo, name: head1.headName } }
        : {}),
    },
    {
      userKey: 'demo-newcomer',
      displayName: head2?.headName ?? '新村民',
      grants: [],
      hint: head2
        ? `未加入村，可申请加入${v1.name}（户号 ${head2.householdNo}，姓名 ${head2.headName}）`
        : undefined,
    },
  ]
}

/** The demo people as the development sign-in page lists them. */
export function demoUserList(): DemoUserDto[] {
  const names = new Map(DEMO_REGIONS.map((r) => [r.code, r.name]))
  return demoPeople().map((p) => ({
    userKey: p.userKey,
    displayName: p.displayName,
    description:
      p.hint ??
      p.grants.map((g) => `${names.get(g.regionCode) ?? g.regionCode} ${ROLE_LABELS[g.role]}`).join('，'),
  }))
}

/**
 * Seeds the demo region set, each village's roster and the demo people into an empty database. Idempotent:
 * every write is an upsert keyed by a unique field, so a crash half-way is completed by the next start.
 */
export async function seedDemo(
  models: Models,
  audit: AuditService,
  openidOf: (userKey: string) => string,
): Promise<{ seeded: boolean }> {
  if (await models.Region.exists({ level: 'village' })) return { seeded: false }
  await models.Region.bulkWrite(
    DEMO_REGIONS.map((r) => regionUpsert(r, { officePhone: r.officePhone ?? null })),
  )
  for (const village of byLevel('village')) {
    await models.Household.bulkWrite(
      demoHouseholds(village.code).map((h) => ({
        updateOne: {
          filter: { villageCode: h.villageCode, householdNo: h.householdNo },
          update: { $set: h },
          upsert: true,
        },
      })),
    )
  }
  for (const person of demoPeople()) {
    const roles = person.grants.map((g) => ({ ...g, grantedBy: null, grantedAt: new Date() }))
    const user = await models.User.findOneAndUpdate(
      { openid: openidOf(person.userKey) },
      { $setOnInsert: { displayName: person.displayName, roles, demoUserKey: person.userKey } },
      { upsert: true, returnDocument: 'after' },
    ).lean()
    if (person.member) {
      await models.Membership.updateOne(
        { userId: user._id, villageCode: person.member.villageCode },
        {
          $setOnInsert: {
            name: person.member.name,
            householdNo: person.member.householdNo,
            status: 'approved',
            via: 'invite',
            appliedAt: new Date(),
            decidedAt: new Date(),
            personKey: membershipPersonKey({ ...person.member }),
          },
        },
        { upsert: true },
      )
    }
  }
  await audit.record(SYSTEM_ACTOR, {
    action: 'seed.demo',
    targetType: 'region',
    targetId: byLevel('county')[0]?.code ?? '',
    regionCode: byLevel('county')[0]?.code ?? null,
    data: { regions: DEMO_REGIONS.length, people: demoPeople().length },
  })
  return { seeded: true }
}
