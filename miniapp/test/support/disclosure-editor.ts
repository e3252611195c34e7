// The secretary's disclosure editor (secretary/disclosure-edit) in tests: one village, its secretary, a catalog item,
// the fake BFF the page reads first and a disclosure of that item.
import type { CatalogItem, DisclosureDto } from '@cunwu/domain'
import { buildItem, buildMe, buildRegion } from './builders'
import { fakeBff } from './fake-bff'

export const editorId = '65f0000000000000000000d2'
export const editorVillage = '360999100200'
export const editorSecretary = { role: 'secretary' as const, regionCode: editorVillage }
export const editorItem = buildItem({ levels: ['county', 'village'] })

/** The fake BFF of the editor: the secretary's profile and the village catalog of these items, then `routes`. */
export function editorBff(items: CatalogItem[], routes: Parameters<typeof fakeBff>[0]) {
  return fakeBff({
    'GET /api/v1/me': () => ({
      status: 200,
      body: buildMe({ roles: [editorSecretary], activeRole: editorSecretary }),
    }),
    [`GET /api/v1/villages/${editorVillage}/catalog`]: () => ({
      status: 200,
      body: { version: 'test', village: buildRegion(editorVillage, '云溪村委会'), items },
    }),
    ...routes,
  })
}

/** A disclosure of `editorItem` (a draft unless told otherwise). */
export function buildEditorDraft(overrides: Partial<DisclosureDto> = {}): DisclosureDto {
  return {
    id: editorId,
    regionCode: editorVillage,
    catalogItemId: editorItem.id,
    catalogItemName: editorItem.name,
    domainId: editorItem.domainId,
    period: '2026-07',
    version: 1,
    status: 'draft',
    title: '2026年7月低保对象名单',
    body: '本村低保标准为每人每月680元。',
    interpretation: null,
    figures: [{ name: '低保标准', value: 650, unit: '元/月' }],
    table: null,
    attachments: [],
    changeNote: null,
    publishedAt: null,
    postingUntil: null,
    retractReason: null,
    reviewComment: null,
    alignment: { status: 'unknown', label: '暂无对照信息' },
    ...overrides,
  }
}
