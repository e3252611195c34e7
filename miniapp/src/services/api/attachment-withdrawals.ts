// Taking a published file down (附件已撤下, docs/versions.md): used from the item page by the village's staff and the
// township and county above it, and from the secretary's editor; apart from disclosure-drafts.ts, so the item page
// does not bring the draft and upload code with it.
import {
  WithdrawnAttachmentDtoSchema,
  type AttachmentWithdrawReq,
  type WithdrawnAttachmentDto,
} from '@cunwu/domain'
import { request } from '@/services/request'

const enc = encodeURIComponent

/**
 * Withdraws one attachment of a public version (from every version of its series that lists it) with a reason
 * everyone will read; answers the withdrawal. 409 when it was withdrawn already, 422 for a child's details.
 */
export function withdrawAttachment(
  disclosureId: string,
  fileId: string,
  body: AttachmentWithdrawReq,
): Promise<WithdrawnAttachmentDto> {
  return request(`/api/v1/disclosures/${enc(disclosureId)}/attachments/${enc(fileId)}/withdraw`, {
    method: 'POST',
    body,
    schema: WithdrawnAttachmentDtoSchema,
  })
}
