import { getCatalog, idCheckCharacter, type TableSchema } from '@cunwu/domain'
import type { Row } from '../src/index'

/** Deterministic synthetic rosters for the benchmark: a village roster and a messy government export of it. */

/** The table schema of the catalog item whose table has this title (e.g. 耕地地力保护补贴发放名册). */
export function catalogTable(title: string): TableSchema {
  const table = getCatalog().items.find((item) => item.table?.title === title)?.table
  if (!table) throw new Error(`no catalog table titled ${title}`)
  return table
}

/** mulberry32: a tiny seeded PRNG, so every run compares the same tables. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SURNAMES = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢',
)
const GIVEN = Array.from(
  '建国华明丽芳伟强军平秀英玉兰桂珍海波涛辉霞红梅娟勇杰峰磊鹏亮东晓燕春生福林德山水金银宝庆',
)
const GROUPS = ['一组', '二组', '三组', '四组', '五组', '六组', '七组', '八组']

export interface BenchTables {
  schema: TableSchema
  village: Row[]
  government: Row[]
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)]
  if (item === undefined) throw new Error('empty pick list')
  return item
}

function idNumber(rand: () => number, serial: number): string {
  const birth = `19${String(40 + Math.floor(rand() * 60)).padStart(2, '0')}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
  const first17 = `510${String(100 + Math.floor(rand() * 900))}${birth}${String(serial % 1000).padStart(3, '0')}`
  return `${first17}${idCheckCharacter(first17) ?? '0'}`
}

/**
 * Builds `n` village households (耕地地力保护补贴 roster) and the government's version of the same roster: 1 % of
 * amounts differ, 0.5 % of households only on each side, 30 % of IDs masked, 10 % of 户号 with a group prefix,
 * 20 % of village amounts typed as 元 strings, and the government rows in a shuffled order.
 */
export function buildBenchTables(n: number, seed = 42): BenchTables {
  const rand = seededRandom(seed)
  const village: Row[] = []
  const government: Row[] = []
  for (let i = 0; i < n; i += 1) {
    const name = `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}${rand() < 0.6 ? pick(rand, GIVEN) : ''}`
    const id = idNumber(rand, i)
    const hn = String(i + 1).padStart(4, '0')
    const group = pick(rand, GROUPS)
    const areaTenths = 5 + Math.floor(rand() * 100)
    const amount = areaTenths * 1000 + Math.floor(rand() * 100)
    const area = `${Math.floor(areaTenths / 10)}.${areaTenths % 10}`
    const row = {
      name,
      area_mu: area,
      rate_fen_per_mu: 10000,
      amount,
      group,
      id_number: id,
      household_no: hn,
      bank_account: `62170000${String(i).padStart(11, '0')}`,
    }
    const r = rand()
    if (r < 0.005) {
      village.push(row)
      continue
    }
    if (r < 0.01) {
      government.push({ ...row, name: `${name}新` })
      continue
    }
    village.push(
      rand() < 0.2
        ? {
            ...row,
            amount: `${Math.floor(amount / 100).toLocaleString('en-US')}.${String(amount % 100).padStart(2, '0')}`,
          }
        : row,
    )
    const gov: Record<string, unknown> = { ...row }
    if (rand() < 0.01) gov.amount = amount + 1000
    if (rand() < 0.3) gov.id_number = `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(-4)}`
    if (rand() < 0.1) gov.household_no = `${group}-${hn}`
    government.push(gov)
  }
  for (let i = government.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1))
    const a = government[i]
    const b = government[j]
    if (a && b) {
      government[i] = b
      government[j] = a
    }
  }
  return { schema: catalogTable('耕地地力保护补贴发放名册'), village, government }
}

/**
 * Where the rows of the benchmark's tables sit in memory:
 * - `stored`: as callers get them. The BFF reads both sides from the database, so every row is a fresh object,
 *   allocated with its cells in array order, and no string is shared between the two sides (here: each side
 *   copied with `structuredClone`, which like the driver's BSON decoding builds flat strings in array order).
 * - `shared`: as `buildBenchTables` builds them: the government rows are copies of the village rows that share
 *   their strings (built as template literals, so V8 keeps them as cons strings), shuffled against the order they
 *   were allocated in, so that reading them in array order reads memory at random.
 */
export type BenchLayout = 'stored' | 'shared'

export const BENCH_LAYOUTS: readonly BenchLayout[] = ['stored', 'shared']

/** The tables in the given layout (`stored`: both sides copied as the database would give them). */
export function inLayout(tables: BenchTables, layout: BenchLayout): BenchTables {
  if (layout === 'shared') return tables
  return {
    schema: tables.schema,
    village: structuredClone(tables.village),
    government: structuredClone(tables.government),
  }
}
