import type { ServiceGuideContent, ServiceGuideTemplate } from '@cunwu/domain'
import type { ServiceGuideNote } from './ServiceGuideNote.model'

// The value the service guides service resolves and the presenter reads: it lives in the layer both depend on, so
// the presenter imports no service.

/** A guide as one region reads it: the county's text (or the shipped one), local notes, related disclosures. */
export interface ResolvedServiceGuide {
  template: ServiceGuideTemplate
  countyCode: string
  content: ServiceGuideContent
  version: number
  updatedAt: Date | null
  notes: (ServiceGuideNote & { regionName: string | null })[]
  related: {
    id: string
    title: string
    period: string
    regionName: string | null
    publishedAt: Date | null
  }[]
}
