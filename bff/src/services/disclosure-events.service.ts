import type { Logger } from '../logger'
import type { Disclosure } from '../models/Disclosure.model'
import { describeUpdate } from '../presenters/disclosure.presenter'
import { catalogItemOf } from './catalog.service'
import type { DisclosureHooks } from './disclosure-hooks.service'
import type { NotificationsService } from './notifications.service'

/**
 * Turns disclosure lifecycle steps into notification events. Event ids are derived from the disclosure and
 * version, so publishing again (a retry, or the sweep after a crash) adds nothing.
 */
export function disclosureEventHooks(
  notifications: NotificationsService,
): Required<Pick<DisclosureHooks, 'onPublished' | 'onReturned' | 'onRetracted'>> {
  return {
    async onPublished(d: Disclosure, previous: Disclosure | null) {
      // What changed is told against the version this one replaced, as the public saw it.
      const changes = previous ? describeUpdate(catalogItemOf(d.catalogItemId), previous, d) : undefined
      await publishDisclosureEvents(notifications, d, previous !== null || d.version > 1, changes)
    },
    async onReturned(d: Disclosure) {
      await notifications.publishEvent({
        type: 'disclosure.returned',
        id: `disclosure.returned:${d._id.toHexString()}:${d.reviewedAt?.getTime() ?? 0}`,
        villageCode: d.regionCode,
        title: d.title,
        disclosureId: d._id.toHexString(),
        authorId: d.authorId.toHexString(),
        ...(d.reviewerId ? { actorId: d.reviewerId.toHexString() } : {}),
        ...(d.reviewComment ? { reason: d.reviewComment } : {}),
      })
    },
    async onRetracted(d: Disclosure) {
      await publishRetractionEvents(notifications, d)
    },
  }
}

/**
 * Tells a retraction to those its publication was told to: the households on its list first, then the followers of
 * its category or item (one shared event); and to its author, with the reason, when someone else (the township or
 * county) retracted it. Keyed by the disclosure, so the upkeep's repeat adds nothing.
 */
export async function publishRetractionEvents(
  notifications: NotificationsService,
  d: Pick<
    Disclosure,
    | '_id'
    | 'version'
    | 'regionCode'
    | 'title'
    | 'domainId'
    | 'catalogItemId'
    | 'seriesKey'
    | 'retractedAt'
    | 'retractReason'
    | 'retractedBy'
    | 'authorId'
  >,
): Promise<void> {
  const id = d._id.toHexString()
  const key = `disclosure.retracted:${id}`
  const at = d.retractedAt ?? new Date()
  const reason = d.retractReason ?? ''
  if (!(await notifications.isRecorded(key)))
    await notifications.noticeHouseholds(d, { id: key, type: 'disclosure.retracted', at }, { reason })
  await notifications.publishEvent({
    type: 'disclosure.retracted',
    id: key,
    villageCode: d.regionCode,
    title: d.title,
    disclosureId: id,
    category: d.domainId,
    itemId: d.catalogItemId,
    reason,
    at,
  })
  if (d.retractedBy && !d.retractedBy.equals(d.authorId)) {
    await notifications.publishEvent({
      type: 'review.retracted',
      id: `review.retracted:${id}`,
      villageCode: d.regionCode,
      title: d.title,
      disclosureId: id,
      authorId: d.authorId.toHexString(),
      actorId: d.retractedBy.toHexString(),
      reason,
      at,
    })
  }
}

/** The key of a published version's events (`disclosure.published:<id>:v3`), for followers and households alike. */
export function publicationEventKey(disclosureId: string, version: number): string {
  return `disclosure.published:${disclosureId}:v${version}`
}

/** The disclosure a publication event key names (null for any other key). */
export function disclosureOfPublicationKey(key: string): string | null {
  return /^disclosure\.published:([0-9a-f]{24}):v\d+$/.exec(key)?.[1] ?? null
}

/**
 * Publishes the events of a published disclosure: to its followers, and the review result to its author. `changes`
 * (what an update changed, `describeUpdate`) comes with the review step; the upkeep's re-publishing, which records
 * an event only when a crash lost it, has no previous version at hand and tells the update without it.
 */
export async function publishDisclosureEvents(
  notifications: NotificationsService,
  d: Pick<
    Disclosure,
    | '_id'
    | 'version'
    | 'regionCode'
    | 'title'
    | 'domainId'
    | 'catalogItemId'
    | 'seriesKey'
    | 'publishedAt'
    | 'authorId'
    | 'reviewerId'
  >,
  isUpdate: boolean,
  changes?: string,
): Promise<void> {
  const id = d._id.toHexString()
  const key = publicationEventKey(id, d.version)
  const type = isUpdate ? 'disclosure.updated' : 'disclosure.published'
  // The households whose own rows changed first, under the same event: once it is recorded this step is done (the
  // upkeep's repeat reads nothing), and a follower among them keeps this message rather than the followers' one.
  if (!(await notifications.isRecorded(key)))
    await notifications.noticeHouseholds(d, { id: key, type, at: d.publishedAt ?? new Date() })
  await notifications.publishEvent({
    type,
    id: key,
    villageCode: d.regionCode,
    title: d.title,
    disclosureId: id,
    category: d.domainId,
    itemId: d.catalogItemId,
    ...(isUpdate && changes ? { changes } : {}),
    ...(d.publishedAt ? { at: d.publishedAt } : {}),
  })
  await notifications.publishEvent({
    type: 'review.approved',
    id: `review.approved:${id}`,
    villageCode: d.regionCode,
    title: d.title,
    disclosureId: id,
    authorId: d.authorId.toHexString(),
    ...(d.reviewerId ? { actorId: d.reviewerId.toHexString() } : {}),
  })
}

/**
 * Work a request starts and does not wait for: the follow-ups of a publish whose results nobody reads in the same
 * response (notification events, the alignment with the government side, cross-village re-checks), so the
 * township's approve answers once the disclosure is published and the feed invalidated. Each of these has a
 * catch-up if the process ends first: the upkeep records a recent publication's events again when they are missing
 * and recomputes its alignment (`runDisclosureMaintenance`), and runs the full cross-village check
 * (`CrossChecksService.upkeep`). A failure is logged, never passed to the request.
 * `inline` (tests) runs the work within the request as before, so a test reads its results right after.
 */
export class AfterResponse {
  private readonly pending = new Set<Promise<void>>()

  constructor(private readonly options: { inline: boolean; logger: Logger }) {}

  /** Starts `work` after the current request's step (inline: runs it and waits). */
  run(label: string, work: () => Promise<void>): Promise<void> {
    if (this.options.inline) return work()
    const started: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) =>
        this.options.logger.error({ err, work: label }, 'work after the response failed'),
      )
      .finally(() => this.pending.delete(started))
    this.pending.add(started)
    return Promise.resolve()
  }

  /** Resolves once nothing is pending, work started meanwhile included (tests, and shutdown before the database). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  /** The same lifecycle hooks, each step run through `run`. */
  hooks(
    label: string,
    hooks: Pick<DisclosureHooks, 'onPublished' | 'onReturned' | 'onRetracted'>,
  ): DisclosureHooks {
    const { onPublished, onReturned, onRetracted } = hooks
    return {
      ...(onPublished
        ? {
            onPublished: (d: Disclosure, previous: Disclosure | null) =>
              this.run(label, () => onPublished(d, previous)),
          }
        : {}),
      ...(onReturned ? { onReturned: (d: Disclosure) => this.run(label, () => onReturned(d)) } : {}),
      ...(onRetracted ? { onRetracted: (d: Disclosure) => this.run(label, () => onRetracted(d)) } : {}),
    }
  }
}
