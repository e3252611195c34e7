import type { DisclosureDto, ReviewQueueDto } from '@cunwu/domain'

/** The BFF's answer for a review queue that fits one page (tests). */
export function queuePage(disclosures: DisclosureDto[]): ReviewQueueDto {
  return {
    disclosures,
    page: { offset: 0, limit: 50, total: disclosures.length, nextOffset: null },
  }
}
