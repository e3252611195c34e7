import { ErrorCode } from '@cunwu/domain'
import { uploadAttachment } from '@/services/api/disclosure-drafts'
import { ApiError } from '@/services/request'
import { chooseFile } from '@/services/upload'

/** Attachments the BFF takes at most (docs/api.md, "Uploads"): checked here first so a phone does not send it. */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/**
 * Lets the secretary pick a photo or PDF and uploads it to the draft at the revision the page shows (409
 * disclosure_stale when someone else saved it since); false when nothing was picked.
 */
export async function pickAndUploadAttachment(draftId: string, revision?: number): Promise<boolean> {
  const file = await chooseFile({ extensions: ['jpg', 'jpeg', 'png', 'pdf'], purpose: '选择附件' })
  if (!file) return false
  if (file.size > MAX_ATTACHMENT_BYTES)
    throw new ApiError(413, ErrorCode.PayloadTooLarge, '附件不能超过 10 MB')
  await uploadAttachment(draftId, file, revision)
  return true
}
