import { Types } from 'mongoose'
import { ErrorCode, OPEN_CONTENT_DISCLOSURE_STATUSES } from '@cunwu/domain'
import { AppError } from '../errors'
import type { Models } from '../models'

/**
 * The disclosures a reply to an information request points to (art. 36(1): where the information is published),
 * in the order given, each one the public may open; any other (unknown, draft, in review, retracted) is refused
 * with 422, as the requester could not open it (docs/info-requests.md).
 */
export async function openReplyItems(
  models: Models,
  ids: readonly string[],
): Promise<{ _id: Types.ObjectId; title: string }[]> {
  if (ids.length === 0) return []
  const unique = [...new Set(ids)]
  const found = await models.Disclosure.find(
    {
      _id: { $in: unique.map((x) => new Types.ObjectId(x)) },
      status: { $in: [...OPEN_CONTENT_DISCLOSURE_STATUSES] },
    },
    { title: 1 },
  ).lean()
  const byId = new Map(found.map((d) => [d._id.toHexString(), { _id: d._id, title: d.title }]))
  const items = unique.flatMap((x) => byId.get(x) ?? [])
  if (items.length < unique.length)
    throw new AppError(
      422,
      ErrorCode.ReplyItemNotPublic,
      '所附的公开内容不存在或还没有公开，请只附已经公开的内容',
    )
  return items
}
