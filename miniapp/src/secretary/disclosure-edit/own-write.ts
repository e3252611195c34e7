// The draft after the editor's own file added or deleted (pure: no Taro, no requests).
import type { DisclosureDto } from '@cunwu/domain'

/**
 * The draft to show after this page added or deleted a file of `seen` at its revision r (sent with the request, so
 * the BFF refused it if someone else had saved since) and read it again as `fresh`: `fresh` when it is at r + 1, the
 * page's own write and nothing more (every save raises the revision by one). Later than that, someone else saved in
 * between: the page keeps the content its form was read with, takes the files, and names the revision it wrote, so
 * its next save is refused 409 `disclosure_stale` instead of taking in their content unseen and overwriting it
 * (tester p1, D1); `stale` asks the page to say so and offer 载入最新内容.
 */
export function afterOwnFileChange(
  seen: DisclosureDto,
  fresh: DisclosureDto,
): { disclosure: DisclosureDto; stale: boolean } {
  if (seen.revision === undefined || fresh.revision === seen.revision + 1)
    return { disclosure: fresh, stale: false }
  return {
    disclosure: { ...seen, attachments: fresh.attachments, revision: seen.revision + 1 },
    stale: true,
  }
}
