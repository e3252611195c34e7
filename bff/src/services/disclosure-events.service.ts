import type { Disclosure } from '../models/Disclosure.model'
import { describeUpdate } from '../presenters/disclosure.presenter'
import { catalogItemOf } from './disclosures.service'
import type { DisclosureHooks } from './disclosures.service'
import type { NotificationsService } from './notifications.service'

/**
 * Turns disclosure lifecycle steps into notification events. Event ids are derived from the disclosure and
 * version, so publishing again (a retry, or the sweep after a crash) adds nothing.
 */
export function disclosureEventHooks(
  notifications: NotificationsService,
): Required<Pick<DisclosureHooks, 'onPublished' | 'onReturned'>> {
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
        ...(d.reviewComment ? { reason: d.reviewComment } : {}),
      })
    },
  }
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
    '_id' | 'version' | 'regionCode' | 'title' | 'domainId' | 'catalogItemId' | 'publishedAt' | 'authorId'
  >,
  isUpdate: boolean,
  changes?: string,
): Promise<void> {
  const id = d._id.toHexString()
  await notifications.publishEvent({
    type: isUpdate ? 'disclosure.updated' : 'disclosure.published',
    id: `disclosure.published:${id}:v${d.version}`,
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
  })
}
