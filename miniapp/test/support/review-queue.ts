import type { DisclosureDto, ReviewQueueDto } from '@cunwu/domain'

/** The BFF's answer for a review queue that fits one page (tests). */
export function queuePage(disclosures: DisclosureDto[]): ReviewQueueDto {
  return {
    disclosures,
    page: { limit: 50, total: disclosures.length, remaining: 0, nextAfter: null },
  }
}
