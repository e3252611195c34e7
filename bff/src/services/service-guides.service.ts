import {
  findServiceGuideTemplate,
  levelOfCode,
  listServiceGuideTemplates,
  rankDocuments,
} from '@cunwu/domain'
import type { ServiceGuideContent, ServiceGuideNote, ServiceGuideTemplate } from '@cunwu/domain'
import { badRequest, conflict, notFound } from '../errors'
import { isDuplicateKey } from '../lib/db-writes'
import type { Models } from '../models'
import type { ResolvedServiceGuide } from '../models/service-guide-views'
import { regionPrefix } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'

/** Most related disclosures a guide lists. */
export const MAX_RELATED_DISCLOSURES = 10

/** Text tokenizer used for guide search (the disclosures' search tokenizer, injected to keep one). */
export interface GuideSearchTokens {
  index(doc: { title: string; body: string; categories: readonly string[] }): {
    titleTokens: string[]
    bodyTokens: string[]
    categoryTokens: string[]
  }
  query(q: string): string[]
}

/** The county whose guides a region reads (the code's first six digits); 400 above county level. */
export function countyOf(code: string): string {
  const level = levelOfCode(code)
  if (level === 'province' || level === 'city') throw badRequest('请选择县级或县级以下的地区')
  return `${code.slice(0, 6)}000000`
}

function searchableText(template: ServiceGuideTemplate, content: ServiceGuideContent): string {
  return [
    content.summary,
    content.applicant,
    ...content.eligibility,
    ...content.steps.map((s) => `${s.title}${s.detail}`),
    ...content.faq.map((f) => f.question),
  ].join('\n')
}

/**
 * Service guides (办事指南, `docs/service-guides.md`): the county keeps each guide's text, townships and villages add
 * local notes, and villagers read the result with the region's related disclosures.
 */
export class ServiceGuidesService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      tokens: GuideSearchTokens
      /** Told after a county's guide text changed (`searchVersionKey` of the county): kept searches show guides. */
      changed?: (versionKey: string) => Promise<void>
    },
  ) {}

  /**
   * The stored version key a search in `code` depends on through the guides it shows (the county's texts), or null
   * above county level, where a search shows no guides.
   */
  searchVersionKey(code: string): string | null {
    const level = levelOfCode(code)
    return level === 'province' || level === 'city' ? null : `guides:${countyOf(code)}`
  }

  private template(guideId: string): ServiceGuideTemplate {
    const template = findServiceGuideTemplate(guideId)
    if (!template) throw notFound('办事指南')
    return template
  }

  private async requireRegion(code: string): Promise<void> {
    if (!(await this.deps.models.Region.exists({ _id: code }))) throw notFound('地区')
  }

  /** The county texts of a county, by guide id. */
  private async countyTexts(countyCode: string) {
    const list = await this.deps.models.ServiceGuide.find({ countyCode }).lean()
    return new Map(list.map((g) => [g.guideId, g]))
  }

  /** Every guide a region reads, with the county's name and summary where it edited them. */
  async list(code: string): Promise<{ template: ServiceGuideTemplate; content: ServiceGuideContent }[]> {
    const countyCode = countyOf(code)
    await this.requireRegion(code)
    const texts = await this.countyTexts(countyCode)
    return listServiceGuideTemplates().map((template) => ({
      template,
      content: texts.get(template.id)?.content ?? template.content,
    }))
  }

  /** One guide as a region reads it. */
  async get(code: string, guideId: string): Promise<ResolvedServiceGuide> {
    const template = this.template(guideId)
    const countyCode = countyOf(code)
    await this.requireRegion(code)
    const { ServiceGuide, ServiceGuideNote, Disclosure, Region } = this.deps.models
    const level = levelOfCode(code)
    // The township's note, then the village's: the nearer office speaks last.
    const noteCodes =
      level === 'village' ? [`${code.slice(0, 9)}000`, code] : level === 'township' ? [code] : []
    const now = new Date()
    const [text, notes, related] = await Promise.all([
      ServiceGuide.findOne({ countyCode, guideId }).lean(),
      ServiceGuideNote.find({ guideId, regionCode: { $in: noteCodes } }).lean(),
      template.catalogItemIds.length === 0
        ? []
        : Disclosure.find(
            {
              regionCode: { $regex: `^${regionPrefix(code)}` },
              catalogItemId: { $in: [...template.catalogItemIds] },
              status: 'published',
              $or: [{ hideAfter: null }, { hideAfter: { $gt: now } }],
            },
            { title: 1, period: 1, regionCode: 1, publishedAt: 1 },
          )
            .sort({ publishedAt: -1 })
            .limit(MAX_RELATED_DISCLOSURES)
            .lean(),
    ])
    const codes = [...new Set([...notes.map((n) => n.regionCode), ...related.map((d) => d.regionCode)])]
    const names = new Map(
      (await Region.find({ _id: { $in: codes } }, { name: 1 }).lean()).map((r) => [r._id, r.name]),
    )
    notes.sort(
      (a, b) => a.regionCode.length - b.regionCode.length || a.regionCode.localeCompare(b.regionCode),
    )
    return {
      template,
      countyCode,
      content: text?.content ?? template.content,
      version: text?.version ?? 0,
      updatedAt: text?.updatedAt ?? null,
      notes: notes
        .sort((a, b) => noteCodes.indexOf(a.regionCode) - noteCodes.indexOf(b.regionCode))
        .map((n) => ({ ...n, regionName: names.get(n.regionCode) ?? null })),
      related: related.map((d) => ({
        id: d._id.toHexString(),
        title: d.title,
        period: d.period,
        regionName: names.get(d.regionCode) ?? null,
        publishedAt: d.publishedAt,
      })),
    }
  }

  /**
   * Replaces a county's text of a guide. `baseVersion` is the version the editor read (0 = the shipped text); an edit
   * made in between answers 409, so two editors never overwrite each other silently.
   */
  async update(
    actor: Actor & { userId: NonNullable<Actor['userId']> },
    code: string,
    guideId: string,
    content: ServiceGuideContent,
    baseVersion: number,
  ): Promise<ResolvedServiceGuide> {
    this.template(guideId)
    if (levelOfCode(code) !== 'county') throw badRequest('办事指南由县级修改，请选择县级地区')
    await this.requireRegion(code)
    const { ServiceGuide } = this.deps.models
    const set = { content, updatedBy: actor.userId, updatedAt: new Date(), version: baseVersion + 1 }
    const stale = () => conflict('办事指南已被他人修改，请刷新后再改')
    if (baseVersion === 0) {
      try {
        await ServiceGuide.create({ countyCode: code, guideId, ...set })
      } catch (err) {
        if (isDuplicateKey(err)) throw stale()
        throw err
      }
    } else {
      const updated = await ServiceGuide.findOneAndUpdate(
        { countyCode: code, guideId, version: baseVersion },
        { $set: set },
      ).lean()
      if (!updated) throw stale()
    }
    const key = this.searchVersionKey(code)
    if (key) await this.deps.changed?.(key)
    await this.deps.audit.record(actor, {
      action: 'service_guide.update',
      targetType: 'service_guide',
      targetId: guideId,
      regionCode: code,
      data: { version: set.version },
    })
    return this.get(code, guideId)
  }

  /** Sets a township's or village's local note on a guide. */
  async setNote(
    actor: Actor & { userId: NonNullable<Actor['userId']> },
    code: string,
    guideId: string,
    note: ServiceGuideNote,
  ): Promise<ResolvedServiceGuide> {
    this.template(guideId)
    const level = levelOfCode(code)
    if (level !== 'township' && level !== 'village') throw badRequest('本地说明由乡镇或村填写')
    await this.requireRegion(code)
    const fields = {
      place: note.place ?? null,
      hours: note.hours ?? null,
      contact: note.contact ?? null,
      note: note.note ?? null,
    }
    await this.deps.models.ServiceGuideNote.updateOne(
      { regionCode: code, guideId },
      { $set: { ...fields, updatedBy: actor.userId, updatedAt: new Date() } },
      { upsert: true },
    )
    await this.deps.audit.record(actor, {
      action: 'service_guide.note_set',
      targetType: 'service_guide',
      targetId: guideId,
      regionCode: code,
    })
    return this.get(code, guideId)
  }

  /** Removes a local note; 404 when there is none. */
  async removeNote(actor: Actor, code: string, guideId: string): Promise<void> {
    this.template(guideId)
    const { deletedCount } = await this.deps.models.ServiceGuideNote.deleteOne({ regionCode: code, guideId })
    if (!deletedCount) throw notFound('本地说明')
    await this.deps.audit.record(actor, {
      action: 'service_guide.note_remove',
      targetType: 'service_guide',
      targetId: guideId,
      regionCode: code,
    })
  }

  /** Guides of a region's county matching a search (怎么申请低保), best first; empty when nothing matches. */
  async search(
    q: string,
    code: string,
    limit: number,
  ): Promise<{ template: ServiceGuideTemplate; content: ServiceGuideContent }[]> {
    const tokens = this.deps.tokens.query(q)
    if (tokens.length === 0 || levelOfCode(code) === 'province' || levelOfCode(code) === 'city') return []
    const texts = await this.countyTexts(countyOf(code))
    const docs = listServiceGuideTemplates().map((template) => {
      const content = texts.get(template.id)?.content ?? template.content
      return {
        template,
        content,
        publishedAt: null,
        ...this.deps.tokens.index({
          title: content.name,
          body: searchableText(template, content),
          categories: template.keywords,
        }),
      }
    })
    return rankDocuments(tokens, docs)
      .slice(0, limit)
      .map(({ doc }) => ({ template: doc.template, content: doc.content }))
  }
}
