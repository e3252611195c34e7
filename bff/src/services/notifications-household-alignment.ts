/**
 * Tells a household that the township's or county's list an item is compared with names it where the village's list
 * has no row for it (`only_in_government`, docs/households.md, "Told where the government's list differs"): once per
 * finding, an inbox entry and a 村务公开提醒 subscribe message to the members who prove the household and the people
 * who hold a proxy for it. Only a row provably the household's (`rowOwner` against the current roster on the
 * government's row, `HouseholdAlignmentsService.governmentOnlyOwners`) tells anyone; the message names the list and
 * what to do, never a cell of the row (read on the 对照 page after signing in).
 *
 * A finding is one government-only row of one household in one alignment: its event id is the alignment's id and a
 * digest of the household and the row's name, so a recompute that finds it again (a new version of either list, the
 * upkeep's sweep) adds nothing through the inbox's and the outbox's unique (user, event) keys, while a row of another
 * household, or a second row of the same household, is a finding of its own.
 */
import { createHash } from 'node:crypto'
import { findCatalogItem, normalizeName, officeOf } from '@cunwu/domain'
import type { Models } from '../models'
import type { Alignment } from '../models/Alignment.model'
import { NOTIFICATION_PAGES } from '../models/notification-events'
import type { TemplateDef } from '../clients/wechat-subscribe-templates'
import type { HouseholdAlignmentsService } from './household-alignment.service'
import { householdRecipients, villageHouseholds, writeNotices } from './notifications-households'

export const GOVERNMENT_ONLY_EVENT = 'alignment.household_only_in_government'

/** The event id of one finding: nothing in it names the household (the admins' outbox view shows event ids). */
export function governmentOnlyEventId(alignmentId: string, household: string, name: string): string {
  const digest = createHash('sha256')
    .update(`${household}|${normalizeName(name)}`)
    .digest('hex')
    .slice(0, 16)
  return `${GOVERNMENT_ONLY_EVENT}:${alignmentId}:${digest}`
}

/** What a household is told, in plain words: whose list has it, which list of the village lacks it, what to do. */
export function governmentOnlyText(office: '乡镇' | '县里', listTitle: string, villageName: string) {
  return {
    title: `${office}名单上有您家，村里公示的名单里没有`,
    body:
      `${office}的名单上有您家，${villageName}公示的《${listTitle}》里没有这一行，乡镇正在核对。` +
      `请点开看${office}名单上写的是否对；不对或有疑问，请找村委会说明。`,
    // The subscribe message's 状态 (five 汉字 at most).
    phrase: '请核对名单',
  }
}

/** Writes the messages of an alignment's government-only rows; returns how many people were newly told. */
export async function noticeGovernmentOnlyHouseholds(
  deps: { models: Models; households: Pick<HouseholdAlignmentsService, 'governmentOnlyOwners'> },
  a: Alignment,
  template: TemplateDef,
): Promise<number> {
  if (!a.disclosureId || !a.governmentRegionCode || !findCatalogItem(a.catalogItemId)?.table) return 0
  const owners = await deps.households.governmentOnlyOwners(a)
  if (owners.length === 0) return 0
  const { models } = deps
  const [households, village, disclosure] = await Promise.all([
    villageHouseholds(models, a.villageCode),
    models.Region.findById(a.villageCode, { name: 1 }).lean(),
    models.Disclosure.findById(a.disclosureId, { title: 1 }).lean(),
  ])
  if (!disclosure) return 0
  const villageName = village?.name ?? '本村'
  const text = governmentOnlyText(officeOf(a.governmentRegionCode), disclosure.title, villageName)
  const alignmentId = a._id.toHexString()
  let told = 0
  for (const { household, name } of owners) {
    const users = await householdRecipients(models, a.villageCode, new Set([household]), households)
    if (users.length === 0) continue
    told += await writeNotices(
      models,
      {
        eventId: governmentOnlyEventId(alignmentId, household, name),
        eventType: GOVERNMENT_ONLY_EVENT,
        at: a.computedAt ?? new Date(),
        regionCode: a.villageCode,
        link: {
          page: NOTIFICATION_PAGES.alignmentDetail,
          query: { disclosure: a.disclosureId.toHexString() },
        },
        template,
        about: disclosure.title,
        villageName,
      },
      users,
      text,
    )
  }
  return told
}
