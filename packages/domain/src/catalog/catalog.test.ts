import { describe, expect, it } from 'vitest'
import { CATALOG_VERSION, findCatalogItem, getCatalog, listCatalogDomains, listCatalogItems } from './catalog'
import type { CatalogItem, UnknownField } from './schema'
import { CatalogSchema } from './schema'
import { MASKABLE_TYPES, SENSITIVE_NUMBER_TYPES } from './table-schema'

/** The 26 pilot domains as listed in seed document 000 (朝阳县, 附件1). */
const TWENTY_SIX = [
  '重大建设项目',
  '公共资源交易',
  '义务教育',
  '户籍管理',
  '社会救助',
  '养老服务',
  '公共法律服务',
  '财政预决算',
  '就业',
  '社会保险',
  '城乡规划',
  '农村集体土地征收',
  '生态环境',
  '涉农补贴',
  '公共文化服务',
  '卫生健康',
  '保障性住房',
  '国有土地上房屋征收与补偿',
  '农村危房改造',
  '市政服务',
  '城市综合执法',
  '安全生产',
  '救灾',
  '食品药品监管',
  '税收管理',
  '扶贫',
]

const catalog = getCatalog()
const tableItems = catalog.items.filter(
  (i): i is CatalogItem & { table: NonNullable<CatalogItem['table']> } => i.table !== null,
)

function unknownFields(item: CatalogItem): Set<UnknownField> {
  return new Set(item.unknowns.map((u) => u.field))
}

describe('catalog integrity', () => {
  it('should parse with the zod schemas', () => {
    const result = CatalogSchema.safeParse(catalog)
    expect(result.success ? [] : result.error.issues).toEqual([])
    expect(catalog.version).toBe(CATALOG_VERSION)
  })

  it('should contain all 26 government domains and the village domains', () => {
    const government = catalog.domains.filter((d) => d.kind === 'government')
    expect(government.map((d) => d.name).sort()).toEqual([...TWENTY_SIX].sort())
    expect(catalog.domains.filter((d) => d.kind === 'village').map((d) => d.name)).toEqual([
      '村级财务',
      '村务',
    ])
  })

  it('should have unique domain ids, item ids and display orders', () => {
    const domainIds = catalog.domains.map((d) => d.id)
    const itemIds = catalog.items.map((i) => i.id)
    expect(new Set(domainIds).size).toBe(domainIds.length)
    expect(new Set(itemIds).size).toBe(itemIds.length)
    expect(new Set(catalog.domains.map((d) => d.order)).size).toBe(catalog.domains.length)
  })

  it('should resolve every domain and alignment reference', () => {
    const domainIds = new Set(catalog.domains.map((d) => d.id))
    for (const item of catalog.items) {
      expect(domainIds.has(item.domainId), item.id).toBe(true)
      expect(item.id.startsWith(`${item.domainId}.`), item.id).toBe(true)
      for (const target of item.alignsWith) {
        const other = findCatalogItem(target)
        expect(other, `${item.id} -> ${target}`).toBeDefined()
        expect(target).not.toBe(item.id)
        // An alignment pairs a village item with what the government publishes.
        expect(item.levels, item.id).toContain('village')
      }
    }
  })

  it('should have items in every researched domain and mark the others as not researched', () => {
    for (const domain of catalog.domains) {
      const count = catalog.items.filter((i) => i.domainId === domain.id).length
      if (domain.coverage === 'not_researched') expect(count, domain.id).toBe(0)
      else expect(count, domain.id).toBeGreaterThan(0)
    }
  })

  it('should explain every missing element with an unknown marker', () => {
    for (const item of catalog.items) {
      const unknown = unknownFields(item)
      const missing: [UnknownField, boolean][] = [
        ['content', item.content.length === 0],
        ['basis', item.basis.length === 0],
        ['timeLimit', item.timeLimit === null && item.method !== 'not_disclosed'],
        ['subject', item.subject === null],
        ['method', item.method === null],
        ['channels', item.channels.length === 0 && item.method !== 'not_disclosed'],
        ['audience', item.audience === null && item.method !== 'not_disclosed'],
        ['levels', item.levels.length === 0],
      ]
      for (const [field, isMissing] of missing) {
        if (isMissing) expect(unknown.has(field), `${item.id}: ${field} missing without a note`).toBe(true)
      }
    }
  })

  it('should cite a source for every item that was found', () => {
    for (const item of catalog.items.filter((i) => i.confidence !== 'not_recovered')) {
      expect(item.sources.length + item.basis.length, item.id).toBeGreaterThan(0)
    }
  })
})

describe('table schemas', () => {
  it('should give every column of every table a privacy policy', () => {
    expect(tableItems.length).toBeGreaterThan(15)
    for (const { id, table } of tableItems) {
      for (const column of table.columns) {
        expect(['public', 'masked', 'never_public'], `${id}.${column.key}`).toContain(column.policy)
        if (column.policy === 'masked') expect(MASKABLE_TYPES).toContain(column.type)
      }
    }
  })

  it('should never make ID, phone or bank columns public', () => {
    for (const { id, table } of tableItems) {
      for (const column of table.columns.filter((c) => SENSITIVE_NUMBER_TYPES.includes(c.type))) {
        expect(column.policy, `${id}.${column.key}`).not.toBe('public')
      }
    }
  })

  it('should mark household-identifying columns on every roster and a minor rule that uses the ID', () => {
    for (const { id, table } of tableItems.filter((t) => t.table.kind === 'roster')) {
      const identifying = table.columns.filter((c) => c.identifiesHousehold === true)
      expect(identifying.length, id).toBeGreaterThan(0)
      for (const column of identifying) expect(['text', 'id_number', 'household_no']).toContain(column.type)
      if (table.columns.some((c) => c.type === 'id_number'))
        expect(table.minorRule?.columns, id).toContain('id_number')
    }
  })

  it('should total only amounts and counts', () => {
    for (const { id, table } of tableItems) {
      for (const column of table.columns.filter((c) => c.total === true)) {
        expect(['amount_fen', 'integer', 'decimal'], `${id}.${column.key}`).toContain(column.type)
      }
    }
  })

  it('should publish only name, household size and amount on the 低保 roster (民发〔2021〕57号 第24条)', () => {
    const roster = findCatalogItem('social-assistance.dibao.approval')?.table
    const publicKeys = roster?.columns.filter((c) => c.policy === 'public').map((c) => c.key)
    expect(publicKeys).toEqual(['name', 'household_size', 'amount', 'group'])
  })
})

describe('schedules', () => {
  it('should be well-formed and explain a missing posting period', () => {
    for (const item of catalog.items) {
      const { schedule } = item
      if (!schedule) continue
      expect(schedule.basis.length, item.id).toBeGreaterThan(0)
      if (schedule.minPostingDays === null) expect(unknownFields(item).has('schedule'), item.id).toBe(true)
    }
  })

  it('should give every village-only item a schedule', () => {
    const villageOnly = catalog.items.filter(
      (i) => i.levels.length === 1 && i.levels[0] === 'village' && i.method !== 'not_disclosed',
    )
    expect(villageOnly.length).toBeGreaterThan(20)
    for (const item of villageOnly) expect(item.schedule, item.id).not.toBeNull()
  })

  it('should publish village finance monthly and general village affairs at least quarterly', () => {
    for (const slug of ['income', 'expense', 'assets', 'claims', 'debts']) {
      expect(findCatalogItem(`village-finance.${slug}`)?.schedule?.cadence).toBe('monthly')
    }
    const cadences = listCatalogItems({ domainId: 'village-affairs' }).map((i) => i.schedule?.cadence)
    for (const cadence of cadences) expect(['monthly', 'quarterly', 'immediate', 'yearly']).toContain(cadence)
    expect(findCatalogItem('village-affairs.meeting-decisions')?.schedule?.minPostingDays).toBe(5)
  })
})

describe('getCatalog / findCatalogItem / listCatalogItems', () => {
  it('should find an item by id and return undefined for an unknown id', () => {
    expect(findCatalogItem('social-assistance.dibao.approval')?.name).toBe('最低生活保障对象名单')
    expect(findCatalogItem('no.such.item')).toBeUndefined()
  })

  it('should list domains in display order', () => {
    const orders = listCatalogDomains().map((d) => d.order)
    expect(orders).toEqual([...orders].sort((a, b) => a - b))
    expect(listCatalogDomains()).toHaveLength(28)
  })

  it('should filter items by domain, level and focus together', () => {
    const village = listCatalogItems({ level: 'village' })
    expect(village.length).toBeGreaterThan(0)
    expect(village.every((i) => i.levels.includes('village'))).toBe(true)
    const nonFocus = listCatalogItems({ focus: false })
    expect(nonFocus.every((i) => !i.focus)).toBe(true)
    const both = listCatalogItems({ domainId: 'social-assistance', level: 'village', focus: true })
    expect(both.map((i) => i.id)).toContain('social-assistance.dibao.approval')
    expect(both.every((i) => i.domainId === 'social-assistance')).toBe(true)
    expect(listCatalogItems({ domainId: 'tax-administration' })).toEqual([])
    expect(listCatalogItems()).toHaveLength(catalog.items.length)
  })
})
