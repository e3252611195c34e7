import {
  infoRequestLapsedOn,
  infoRequestOverdue,
  infoRequestPaused,
  redactSensitiveNumbers,
  shanghaiDateOf,
  type Deadline,
  type InfoRequestShownStatus,
} from '@cunwu/domain'
import type { InfoRequest } from '../models/InfoRequest.model'

/** Plain Chinese for each status, as the requester sees it. */
const STATUS_LABELS: Record<InfoRequestShownStatus, string> = {
  registered: '已登记，办理中',
  awaiting_correction: '需要补正',
  replied: '已答复',
  archived: '已归档',
  lapsed: '逾期未补正，视为放弃申请',
}

/**
 * The requester's own view of their document number: the scrubber's mask for an ID card number, and for any other
 * document (passport, business licence) everything but the last four characters, so none is shown whole.
 */
function maskIdNumber(idNumber: string): string {
  const scrubbed = redactSensitiveNumbers(idNumber)
  if (scrubbed !== idNumber) return scrubbed
  const chars = [...idNumber]
  const keep = Math.min(4, Math.floor(chars.length / 2))
  return '*'.repeat(chars.length - keep) + chars.slice(chars.length - keep).join('')
}

/**
 * Presents a request to its requester or to the office it is addressed to (nobody else reaches it). The office
 * sees the identity and the texts as given (条例第二十九条); the requester's own view masks the ID number, and
 * the texts (what was asked, the office's notices and reply) go through the one scrubber, as the asker's view of a
 * question does (docs/scrubbing.md).
 */
export function presentInfoRequest(
  r: InfoRequest,
  viewer: 'office' | 'requester',
  today: string,
  /** The office's last day for its one correction notice (`correctionNoticeLastDay`); the office's view only. */
  noticeLastDay: Deadline | null = null,
) {
  const text = (s: string) => (viewer === 'office' ? s : redactSensitiveNumbers(s))
  const requester =
    viewer === 'office' ? r.requester : { ...r.requester, idNumber: maskIdNumber(r.requester.idNumber) }
  // Not corrected within the notice's period: treated as withdrawn (art. 30), for both sides.
  const status: InfoRequestShownStatus = infoRequestLapsedOn(r, today) === null ? r.status : 'lapsed'
  const noticeBy =
    viewer === 'office' &&
    status === 'registered' &&
    r.correctionNotice === null &&
    noticeLastDay !== null &&
    today <= noticeLastDay.date
      ? noticeLastDay
      : null
  return {
    id: r._id.toHexString(),
    number: r.number,
    regionCode: r.regionCode,
    description: text(r.description),
    purpose: r.purpose === null ? null : text(r.purpose),
    // The 补正 beside the request as filed (art. 30); masked for the requester like the rest.
    supplement: r.supplement
      ? {
          text: text(r.supplement.text),
          purpose: r.supplement.purpose === null ? null : text(r.supplement.purpose),
          at: r.supplement.at.toISOString(),
        }
      : null,
    form: r.form,
    status,
    statusLabel: STATUS_LABELS[status],
    receivedDate: r.receivedDate,
    dueDate: r.dueDate,
    provisional: r.provisional,
    overdue: infoRequestOverdue(r, today),
    repliedLate: r.reply !== null && shanghaiDateOf(r.reply.at) > r.dueDate,
    paused: infoRequestPaused(r),
    consulting: r.consultations.some((c) => c.endDate === null),
    requester,
    correctionNotice: r.correctionNotice
      ? {
          missing: r.correctionNotice.missing.map(text),
          at: r.correctionNotice.at.toISOString(),
          dueDate: r.correctionNotice.dueDate ?? null,
          provisional: r.correctionNotice.provisional ?? false,
        }
      : null,
    // Offered only while the office may still send it: once, to a request still registered, within 7 working days.
    correctionNoticeBy: noticeBy?.date ?? null,
    correctionNoticeByProvisional: noticeBy?.provisional ?? false,
    extension: r.extension ? { reason: text(r.extension.reason), at: r.extension.at.toISOString() } : null,
    consultations: r.consultations.map((c) => ({ ...c, party: c.party === null ? null : text(c.party) })),
    reply: r.reply
      ? {
          type: r.reply.type,
          text: text(r.reply.text),
          rightOffice: r.reply.rightOffice,
          disclosureIds: r.reply.disclosureIds.map((x) => x.toHexString()),
          disclosures: r.reply.disclosureIds.map((x, i) => ({
            id: x.toHexString(),
            title: r.reply?.disclosureTitles?.[i] ?? '公开内容',
          })),
          links: r.reply.links,
          at: r.reply.at.toISOString(),
        }
      : null,
    history: r.history.map((h) => ({ step: h.step, at: h.at.toISOString() })),
    createdAt: r.createdAt.toISOString(),
  }
}
