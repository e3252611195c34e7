import { shanghaiDateOf, type CorrectionDto, type MyDataDto } from '@cunwu/domain'
import type { CorrectionRequest } from '../models/CorrectionRequest.model'
import type { PersonalData } from '../models/privacy-views'
import { presentInfoRequest } from './info-request.presenter'
import { presentInboxEntry } from './notification.presenter'
import { presentMe } from './user.presenter'

/** Presents a correction request to its author or the village's secretary. */
export function presentCorrection(c: CorrectionRequest, villageName?: string): CorrectionDto {
  return {
    id: c._id.toHexString(),
    villageCode: c.villageCode,
    ...(villageName ? { villageName } : {}),
    name: c.name,
    kind: c.kind,
    target: c.target,
    text: c.text,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
  }
}

/** The WeChat identifier shortened for the person's own data export: enough to recognise, not to reuse. */
export function shortWechatId(openid: string): string {
  return openid.length <= 8 ? '****' : `${openid.slice(0, 4)}…${openid.slice(-4)}`
}

/** The person's data as one JSON document (个人信息保护法第四十五条; docs/privacy.md). */
export function presentPersonalData(d: PersonalData): MyDataDto {
  const me = presentMe(d.user, d.memberships, d.proxies, d.regionNames, d.user.accountCode ?? null)
  return {
    exportedAt: d.exportedAt.toISOString(),
    account: {
      id: me.id,
      displayName: me.displayName,
      wechatId: shortWechatId(d.user.openid),
      createdAt: d.user.createdAt.toISOString(),
    },
    roles: me.roles,
    memberships: me.memberships,
    proxies: me.proxies,
    privacyConsents: (d.user.privacyConsents ?? []).map((c) => ({
      policyVersion: c.policyVersion,
      acceptedAt: c.acceptedAt.toISOString(),
    })),
    subscriptions: d.subscriptions.map((s) => ({
      villageCode: s.villageCode,
      kind: s.kind,
      targetId: s.targetId,
      createdAt: s.createdAt.toISOString(),
      endedAt: s.endedAt ? s.endedAt.toISOString() : null,
    })),
    inbox: d.inbox.map(presentInboxEntry).map((e) => ({
      title: e.title,
      body: e.body,
      createdAt: e.createdAt,
      readAt: e.readAt,
    })),
    payments: d.payments.map((p) => ({
      chargeId: p.chargeId.toHexString(),
      villageCode: p.villageCode,
      householdNo: p.householdNo,
      amountFen: p.amountFen,
      status: p.status,
      createdAt: p.createdAt.toISOString(),
    })),
    householdRows: d.householdRows,
    corrections: d.corrections.map((c) => presentCorrection(c, d.regionNames.get(c.villageCode))),
    // As the requester sees each request, with the identity as they gave it (their own data, not masked).
    infoRequests: d.infoRequests.map((r) => ({
      ...presentInfoRequest(r, 'requester', shanghaiDateOf(d.exportedAt)),
      requester: r.requester,
    })),
    sessions: d.sessions.map((s) => ({
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      revoked: s.revokedAt !== null,
    })),
  }
}
