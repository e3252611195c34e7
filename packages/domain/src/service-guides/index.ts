import { ASSISTANCE_GUIDES } from './seeds-assistance'
import { RURAL_GUIDES } from './seeds-rural'
import type { ServiceGuideTemplate } from './schema'

export * from './schema'
export * from './speech'

const TEMPLATES: readonly ServiceGuideTemplate[] = [...ASSISTANCE_GUIDES, ...RURAL_GUIDES]
const BY_ID = new Map(TEMPLATES.map((t) => [t.id, t]))

/** Every shipped service guide, in display order. */
export function listServiceGuideTemplates(): readonly ServiceGuideTemplate[] {
  return TEMPLATES
}

/** The shipped guide with this id, or undefined. */
export function findServiceGuideTemplate(id: string): ServiceGuideTemplate | undefined {
  return BY_ID.get(id)
}

/**
 * The guides that explain disclosures of a catalog item (a 低保 list links to 最低生活保障申请), so a disclosure page
 * can show 怎么申请… without asking the server.
 */
export function guidesForCatalogItem(catalogItemId: string): ServiceGuideTemplate[] {
  return TEMPLATES.filter((t) => t.catalogItemIds.includes(catalogItemId))
}

const HOW_TO = /怎么|怎样|如何|咋|办理|申请|申领|去哪|哪里办|要什么材料|什么条件|流程|手续/

/** Whether a search reads as a how-to question (怎么申请低保), for which guides rank above disclosures. */
export function isHowToQuery(q: string): boolean {
  return HOW_TO.test(q)
}
