import type { Logger } from '../logger'
import type { Services } from '../services'
import { publishDisclosureEvents, publishRetractionEvents } from '../services/disclosure-events.service'
import { startPeriodic } from './periodic'

/** How far back the sweep re-publishes events of published disclosures (covers a crash between steps). */
const SWEEP_WINDOW_MS = 48 * 3600_000

/**
 * One pass of disclosure upkeep: expire rosters whose notice period ended (raising the versions the public read cache
 * compares, `expireRosters`), delete ledger vouchers never put on an
 * entry within a day, and re-publish the events (and
 * recompute the alignments) of recently published disclosures, superseding an older version an approval left public,
 * and move or end the follows of villages retired (撤并) by then. Events are keyed by disclosure and version, so the sweep repeats nothing and
 * delivers what a crash between "published" and "event recorded" would otherwise lose.
 */
export async function runDisclosureMaintenance(
  services: Services,
  now = services.clock.now(),
): Promise<{
  expired: number
  swept: number
  reindexed: number
  vouchersRemoved: number
  followersMoved: number
}> {
  const expired = await expireRosters(services, now)
  // Documents indexed under older rules (unscrubbed search tokens) are re-derived a batch at a time.
  const reindexed = await services.disclosures.reindexStale()
  // New tokens change what searches find: this instance ranks again now, the others within PUBLIC_CACHE_MS.
  if (reindexed > 0) services.feed.forgetSearches()
  const recent = await services.models.Disclosure.find(
    { status: 'published', publishedAt: { $gte: new Date(now.getTime() - SWEEP_WINDOW_MS) } },
    { rows: 0, titleTokens: 0, bodyTokens: 0, categoryTokens: 0, searchTokens: 0 },
  ).lean()
  for (const d of recent) {
    // An approval whose step superseding the previous version failed (the database refused a write after the
    // publication) left two versions of one series public: the older one is superseded here.
    const stale = await services.models.Disclosure.updateMany(
      {
        seriesKey: d.seriesKey,
        version: { $lt: d.version },
        status: { $in: ['published', 'expired'] },
      },
      { $set: { status: 'superseded', supersededAt: d.publishedAt ?? now } },
    )
    if (stale.modifiedCount > 0) await services.feed.invalidateVillage(d.regionCode, d.seriesKey)
    await publishDisclosureEvents(services.notifications, d, d.version > 1)
    // Alignment recompute is idempotent: a crash between publishing and comparing is mended here.
    await services.alignments.recompute(d.regionCode, d.catalogItemId, d.period)
  }
  // A retraction's events are told behind its response too: one a crash lost is told here.
  const retracted = await services.models.Disclosure.find(
    { status: 'retracted', retractedAt: { $gte: new Date(now.getTime() - SWEEP_WINDOW_MS) } },
    { rows: 0, titleTokens: 0, bodyTokens: 0, categoryTokens: 0, searchTokens: 0 },
  ).lean()
  for (const d of retracted) await publishRetractionEvents(services.notifications, d)
  // The full cross-village check of each county and period with recent lists, once a day (docs/cross-checks.md).
  await services.crossChecks.upkeep(recent, now)
  // Ledger vouchers uploaded a day ago and never put on an entry (docs/wechat-pay.md, "Vouchers").
  const vouchersRemoved = await services.pay.vouchers.removeUnlinked()
  // Follows of villages whose retirement (撤并) day has come, or that a failure left half moved (docs/api.md).
  const followersMoved = await services.regionRetirements.settleDue()
  return { expired, swept: recent.length, reindexed, vouchersRemoved, followersMoved }
}

/**
 * Rosters whose notice period ended leave the public board (docs/posting-window.md): `expireDue` marks them expired,
 * and the stored version of each one's village and the regions above it is raised (`invalidateVillage`, scoped to its
 * series), so the public answers every instance keeps (feed, item, searches; SCALE.md "Public read cache") are loaded
 * again within a second instead of being served once more. Raised before the expiry too: a feed or search loaded
 * then already leaves the roster out (its `hideAfter` has passed), so a process ending between the two writes
 * leaves no kept answer listing it, and the next pass expires it and raises again.
 */
async function expireRosters(services: Services, now: Date): Promise<number> {
  const due = await services.models.Disclosure.find(
    { status: 'published', hideAfter: { $lte: now } },
    { regionCode: 1, seriesKey: 1 },
  ).lean()
  if (due.length === 0) return 0
  const series = [...new Map(due.map((d) => [`${d.regionCode}|${d.seriesKey}`, d])).values()]
  const raise = async () => {
    for (const d of series) await services.feed.invalidateVillage(d.regionCode, d.seriesKey)
  }
  await raise()
  const expired = await services.disclosures.expireDue(now)
  await raise()
  return expired
}

/** Runs the upkeep every `intervalMs` until stopped; a failing pass is logged and retried next time. */
export function startDisclosureMaintenance(
  services: Services,
  logger: Logger,
  intervalMs: number,
): { stop(): void } {
  return startPeriodic(
    intervalMs,
    async () => {
      const r = await runDisclosureMaintenance(services)
      if (r.expired || r.reindexed || r.vouchersRemoved || r.followersMoved)
        logger.info(r, 'disclosure maintenance')
    },
    (err) => logger.error({ err }, 'disclosure maintenance failed'),
  )
}
