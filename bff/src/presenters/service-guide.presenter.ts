import { levelOfCode, redactSensitiveNumbers } from '@cunwu/domain'
import type {
  ServiceGuideContent,
  ServiceGuideDto,
  ServiceGuideSummaryDto,
  ServiceGuideTemplate,
} from '@cunwu/domain'
import type { ResolvedServiceGuide } from '../models/service-guide-views'

/** Every string of a value through the public scrubber (a personal mobile typed into a guide is masked). */
function scrub<T>(value: T): T {
  if (typeof value === 'string') return redactSensitiveNumbers(value) as T
  if (Array.isArray(value)) return value.map(scrub) as T
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)])) as T
  }
  return value
}

/** A guide in a list. */
export function presentServiceGuideSummary(g: {
  template: ServiceGuideTemplate
  content: ServiceGuideContent
}): ServiceGuideSummaryDto {
  return {
    id: g.template.id,
    name: scrub(g.content.name),
    summary: scrub(g.content.summary),
    catalogItemIds: [...g.template.catalogItemIds],
  }
}

/** A guide as a region reads it; public, so every string goes through the scrubber. */
export function presentServiceGuide(g: ResolvedServiceGuide): ServiceGuideDto {
  return {
    id: g.template.id,
    catalogItemIds: [...g.template.catalogItemIds],
    countyCode: g.countyCode,
    version: g.version,
    updatedAt: g.updatedAt?.toISOString() ?? null,
    content: scrub(g.content),
    notes: g.notes.map((n) => ({
      regionCode: n.regionCode,
      regionName: n.regionName,
      level: levelOfCode(n.regionCode) === 'village' ? 'village' : 'township',
      updatedAt: n.updatedAt.toISOString(),
      ...scrub({
        ...(n.place ? { place: n.place } : {}),
        ...(n.hours ? { hours: n.hours } : {}),
        ...(n.contact ? { contact: n.contact } : {}),
        ...(n.note ? { note: n.note } : {}),
      }),
    })),
    related: g.related.map((d) => ({
      id: d.id,
      title: scrub(d.title),
      period: d.period,
      regionName: d.regionName,
      publishedAt: d.publishedAt?.toISOString() ?? null,
    })),
  }
}
