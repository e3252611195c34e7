import { Types } from 'mongoose'
import type { DisclosureDto, DisclosureVersionDto, RowChangesDto } from '@cunwu/domain'
import { isPublicDisclosureStatus, PUBLIC_DISCLOSURE_STATUSES } from '@cunwu/domain'
import { notFound } from '../errors'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'
import { presentRowChanges, presentVersion } from '../presenters/disclosure.presenter'
import type { DisclosureFeedService } from './disclosure-feed.service'
import { catalogItemOf } from './catalog.service'

/**
 * The newest public version of a series before `version` (its rows and number): what a version's `rowChanges` are
 * counted against, for the public, staff and a household alike.
 */
export async function previousPublicVersion(
  models: Pick<Models, 'Disclosure'>,
  seriesKey: string,
  version: number,
): Promise<Pick<Disclosure, 'rows' | 'version'> | null> {
  return models.Disclosure.findOne(
    { seriesKey, version: { $lt: version }, status: { $in: [...PUBLIC_DISCLOSURE_STATUSES] } },
    { rows: 1, version: 1 },
  )
    .sort({ version: -1 })
    .lean()
}

/** Whether the public may open it (a retracted one shows why it was retracted). */
const isPublic = (d: Pick<Disclosure, 'status'>) => isPublicDisclosureStatus(d.status)

/**
 * A disclosure's versions: the history of its series, any version opened by number, and, on a version opened, the
 * rows changed since the previous version the reader may see. Who may see what follows the disclosure: public
 * versions for everyone, drafts for the village's staff only (404 otherwise, as if they did not exist).
 */
export class DisclosureVersionsService {
  constructor(private readonly deps: { models: Models; feed: DisclosureFeedService }) {}

  /** One disclosure (as `feed.get`), with the rows changed since the previous public version. */
  async open(id: string, viewerMayEdit: boolean): Promise<DisclosureDto> {
    return this.opened(id, viewerMayEdit)
  }

  /** Version `version` of the series of disclosure `id` (an old one stays readable once replaced). */
  async getVersion(id: string, version: number, viewerMayEdit: boolean): Promise<DisclosureDto> {
    const anchor = await this.seriesOf(id, viewerMayEdit)
    const target = await this.deps.models.Disclosure.findOne(
      { seriesKey: anchor.seriesKey, version },
      { _id: 1, status: 1 },
    ).lean()
    if (!target || (!viewerMayEdit && !isPublic(target))) throw notFound('这一版')
    return this.opened(target._id.toHexString(), viewerMayEdit)
  }

  /**
   * The version history of a disclosure's series with what changed, newest first: public versions only (staff:
   * all), each compared with the previous one in the list as its reader sees the rows.
   */
  async list(id: string, viewerMayEdit: boolean): Promise<DisclosureVersionDto[]> {
    const d = await this.seriesOf(id, viewerMayEdit)
    const item = catalogItemOf(d.catalogItemId)
    const all = await this.deps.models.Disclosure.find({ seriesKey: d.seriesKey }).sort({ version: 1 }).lean()
    const visible = all.filter((v) => viewerMayEdit || isPublic(v))
    const audience = viewerMayEdit ? 'staff' : 'public'
    return visible.map((v, i) => presentVersion(item, v, visible[i - 1], audience)).reverse()
  }

  /** The series a disclosure belongs to, if the viewer may see that disclosure. */
  private async seriesOf(id: string, viewerMayEdit: boolean) {
    const d = Types.ObjectId.isValid(id)
      ? await this.deps.models.Disclosure.findById(id, {
          seriesKey: 1,
          catalogItemId: 1,
          status: 1,
          version: 1,
        }).lean()
      : null
    if (!d || (!viewerMayEdit && !isPublic(d))) throw notFound('公开内容')
    return d
  }

  /** The rows of version `d` changed since the newest earlier public version (null for the first, or no table). */
  private async rowChangesOf(
    d: DisclosureDto,
    seriesKey: string,
    viewerMayEdit: boolean,
    /** The version's stored rows. */
    rows: Disclosure['rows'],
  ): Promise<RowChangesDto | null> {
    if (d.version <= 1 || !d.table) return null
    const prev = await previousPublicVersion(this.deps.models, seriesKey, d.version)
    if (!prev) return null
    const audience = viewerMayEdit ? 'staff' : 'public'
    return presentRowChanges(catalogItemOf(d.catalogItemId), prev.rows, rows, audience, prev.version)
  }

  /** One read of the document gives the view, its series and its rows (each read waits its turn under load). */
  private async opened(id: string, viewerMayEdit: boolean): Promise<DisclosureDto> {
    const { dto, doc } = await this.deps.feed.getWithDocument(id, viewerMayEdit)
    return { ...dto, rowChanges: await this.rowChangesOf(dto, doc.seriesKey, viewerMayEdit, doc.rows) }
  }
}
