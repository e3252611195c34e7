import type { CorrectionDto } from '@cunwu/domain'
import type { CorrectionRequest } from '../models/CorrectionRequest.model'

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
