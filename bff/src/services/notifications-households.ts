/**
 * Tells each household whose own rows a published version of a table added, changed or removed (docs/households.md,
 * "Told when one's rows change"). A row is a household's by the one rule of 与我相关 (`rowOwner` against the village
 * roster); its members (`provesHousehold`) and proxies get one inbox entry and one subscribe message each, saying only
 * that their entry changed: amounts and other cells are read in the app after signing in.
 *
 * The entry and the message are filed under the version's follower event (`disclosure.published:<id>:v<n>`), so a
 * member who also follows the category or item gets this one, not two: the outbox's unique (event, user) key drops the
 * follower message the expander writes later, and the inbox leaves out the shared event a direct entry of the same
 * event replaces. Run before that event is recorded; unique keys make a retry or the upkeep's repeat add nothing.
 * Work is bounded by the two versions' rows: one pass over each, a handful of reads, inserts in batches.
 * A retracted version tells the households on its list the same way, under the retraction's event
 * (`disclosure.retracted:<id>`), with the public reason.
 */
import { Types } from 'mongoose'
import type { mongo } from 'mongoose'
import type { NotificationEventType, TableRow, TableSchema } from '@cunwu/domain'
import { findCatalogItem, householdKey, indexRoster, redactSensitiveNumbers, rowOwner } from '@cunwu/domain'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'
import { HOUSEHOLD_NOTICE_ENDING } from '../models/InboxEntry.model'
import { NOTIFICATION_PAGES } from '../models/notification-events'
import { insertIgnoringDuplicates } from '../lib/db-writes'
import { fitTemplateData } from '../clients/wechat-subscribe-values'
import type { TemplateDef } from '../clients/wechat-subscribe-templates'
import { provesHousehold } from './household-proof.service'
import { outboxDocument } from './outbox.service'

const BATCH = 1000

type Row = TableRow

/** Each household's rows (by its `householdKey`), as comparable text, sorted. */
function rowsByOwner(
  table: TableSchema,
  rows: readonly Row[],
  roster: ReturnType<typeof indexRoster>,
): Map<string, string> {
  const keys = table.columns.map((c) => c.key)
  const lists = new Map<string, string[]>()
  for (const row of rows) {
    const owner = rowOwner(table, row, roster)
    if (owner === null) continue
    const list = lists.get(owner) ?? []
    list.push(JSON.stringify(keys.map((k) => row[k] ?? null)))
    lists.set(owner, list)
  }
  return new Map([...lists].map(([no, list]) => [no, list.sort().join('\n')]))
}

/** The households (`householdKey`) whose own rows differ between two versions. */
export function householdsChanged(
  table: TableSchema,
  before: readonly Row[],
  after: readonly Row[],
  roster: ReturnType<typeof indexRoster>,
): Set<string> {
  const a = rowsByOwner(table, before, roster)
  const b = rowsByOwner(table, after, roster)
  const changed = new Set<string>()
  for (const [no, rows] of b) if (a.get(no) !== rows) changed.add(no)
  for (const no of a.keys()) if (!b.has(no)) changed.add(no)
  return changed
}

export interface HouseholdNoticeInput {
  d: Pick<Disclosure, '_id' | 'version' | 'regionCode' | 'title' | 'catalogItemId' | 'seriesKey'>
  /** The version's follower event: its key, type and when it happened. */
  eventId: string
  eventType: NotificationEventType
  at: Date
  villageName: string
  template: TemplateDef
}

/** Writes the notices of one published version; returns how many people were told (new entries). */
export async function noticeChangedHouseholds(models: Models, input: HouseholdNoticeInput): Promise<number> {
  const { d } = input
  const table = findCatalogItem(d.catalogItemId)?.table
  if (!table) return 0
  const [current, previous, households] = await Promise.all([
    models.Disclosure.findById(d._id, { rows: 1 }).lean(),
    models.Disclosure.findOne(
      { seriesKey: d.seriesKey, version: { $lt: d.version }, publishedAt: { $ne: null } },
      { rows: 1 },
    )
      .sort({ version: -1 })
      .lean(),
    villageHouseholds(models, d.regionCode),
  ])
  const roster = indexRoster(households)
  const changed = householdsChanged(table, previous?.rows ?? [], current?.rows ?? [], roster)
  const first = previous === null
  return writeNotices(
    models,
    disclosureNotice(input),
    await householdRecipients(models, d.regionCode, changed, households),
    {
      title: first ? `《${d.title}》里有您家的内容` : `您家在《${d.title}》里的内容有变化`,
      // The inbox is read signed in: 登录后 there told a signed-in reader to sign in (entries stored with it are read
      // in these words, presentInboxEntry).
      body: first
        ? `${input.villageName}公布了《${d.title}》，其中有您家的内容${HOUSEHOLD_NOTICE_ENDING}`
        : `${input.villageName}公布了《${d.title}》的新版本，您家的内容有变化${HOUSEHOLD_NOTICE_ENDING}`,
      phrase: first ? '有您家内容' : '您家有变化',
    },
  )
}

/**
 * Tells the households on a retracted version's list (by the same rule) that it was withdrawn, with its public
 * reason, filed under the retraction's follower event. Returns how many people were told (new entries).
 */
export async function noticeRetractedHouseholds(
  models: Models,
  input: HouseholdNoticeInput & { reason: string },
): Promise<number> {
  const { d } = input
  const table = findCatalogItem(d.catalogItemId)?.table
  if (!table) return 0
  const [current, households] = await Promise.all([
    models.Disclosure.findById(d._id, { rows: 1 }).lean(),
    villageHouseholds(models, d.regionCode),
  ])
  const roster = indexRoster(households)
  const listed = new Set(rowsByOwner(table, current?.rows ?? [], roster).keys())
  return writeNotices(
    models,
    disclosureNotice(input),
    await householdRecipients(models, d.regionCode, listed, households),
    {
      title: `《${d.title}》已撤回`,
      body: `${input.villageName}撤回了《${d.title}》，其中有您家的内容。撤回原因：${input.reason}`,
      phrase: '已撤回',
    },
  )
}

export function villageHouseholds(models: Models, villageCode: string) {
  return models.Household.find(
    { villageCode },
    { villageCode: 1, householdNo: 1, headName: 1, memberNames: 1 },
  ).lean()
}

/** The members who prove one of the households (`householdKey`) and their proxies. */
export async function householdRecipients(
  models: Models,
  villageCode: string,
  nos: ReadonlySet<string>,
  households: Awaited<ReturnType<typeof villageHouseholds>>,
): Promise<Types.ObjectId[]> {
  if (nos.size === 0) return []
  // The roster's own spellings of the 户号: memberships and proxies store those.
  const spellings = households.filter((h) => nos.has(householdKey(h.householdNo))).map((h) => h.householdNo)
  const recipients = new Map<string, Types.ObjectId>()
  for (let i = 0; i < spellings.length; i += BATCH) {
    const batch = spellings.slice(i, i + BATCH)
    const [members, proxies] = await Promise.all([
      models.Membership.find({
        villageCode,
        status: 'approved',
        personKey: { $type: 'string' },
        householdNo: { $in: batch },
      }).lean(),
      models.Proxy.find({ villageCode, householdNo: { $in: batch } }, { userId: 1 }).lean(),
    ])
    for (const m of members)
      if (provesHousehold(m, households)) recipients.set(m.userId.toHexString(), m.userId)
    for (const p of proxies) recipients.set(p.userId.toHexString(), p.userId)
  }
  return [...recipients.values()]
}

/** What a household message is filed under, where it leads and the subscribe message's values but its state. */
export interface HouseholdMessage {
  eventId: string
  eventType: NotificationEventType
  at: Date
  regionCode: string
  link: { page: string; query: Record<string, string> }
  template: TemplateDef
  /** The 村务公开提醒 values: what it is about (thing1), the village (thing2). */
  about: string
  villageName: string
}

/** A published or retracted version's message: it opens the item. */
function disclosureNotice(input: HouseholdNoticeInput): HouseholdMessage {
  const { d } = input
  return {
    eventId: input.eventId,
    eventType: input.eventType,
    at: input.at,
    regionCode: d.regionCode,
    link: { page: NOTIFICATION_PAGES.disclosure, query: { id: d._id.toHexString() } },
    template: input.template,
    about: d.title,
    villageName: input.villageName,
  }
}

/**
 * One inbox entry and one subscribe message per person, in batches, marked `privateRecipient` (who was told says
 * whose household is on the list); returns the new entries. Unique (user, event) keys make a repeat add nothing.
 */
export async function writeNotices(
  models: Models,
  notice: HouseholdMessage,
  users: readonly Types.ObjectId[],
  text: { title: string; body: string; phrase: string },
): Promise<number> {
  const { link } = notice
  const fitted = fitTemplateData(notice.template.keys, {
    thing1: redactSensitiveNumbers(notice.about),
    thing2: notice.villageName,
    date3: notice.at,
    phrase4: text.phrase,
  })
  let told = 0
  for (let i = 0; i < users.length; i += BATCH) {
    const now = new Date()
    const inbox: mongo.Document[] = []
    const outbox: mongo.Document[] = []
    for (const userId of users.slice(i, i + BATCH)) {
      inbox.push({
        _id: new Types.ObjectId(),
        userId,
        eventId: notice.eventId,
        eventType: notice.eventType,
        regionCode: notice.regionCode,
        title: text.title,
        body: text.body,
        link,
        createdAt: notice.at,
        readAt: null,
      })
      outbox.push(
        outboxDocument({
          eventId: notice.eventId,
          eventType: notice.eventType,
          userId,
          regionCode: notice.regionCode,
          templateId: notice.template.templateId,
          link,
          data: fitted.ok ? fitted.data : null,
          dataError: fitted.ok ? null : fitted.error,
          // Who was told says whose household is on the list.
          privateRecipient: true,
          now,
        }),
      )
    }
    const [inboxInserted] = await Promise.all([
      insertIgnoringDuplicates(models.InboxEntry.collection, inbox),
      insertIgnoringDuplicates(models.Outbox.collection, outbox),
    ])
    told += inboxInserted
  }
  return told
}
