import { describe, expect, it } from 'vitest'
import {
  DivisionCodeSchema,
  isWithin,
  levelOfCode,
  parentCode,
  selfAndAncestors,
  townshipKindOfCode,
  villageKindOfCode,
} from './code'
import { parseRegionCsv } from './csv'
import { DEMO_COUNTY_CODE, DEMO_REGIONS } from './demo'
import type { Region } from './region'
import { buildRegion, RegionSchema } from './region'

/** Published examples from docs/catalog.md §5 (code, 城乡分类代码). */
const RESEARCH_EXAMPLES: [string, string][] = [
  ['220581102001', '121'],
  ['220581102200', '122'],
  ['220581102202', '220'],
  ['330603107001', '121'],
  ['330603107208', '220'],
  ['440983102001', '111'],
  ['440983102208', '112'],
  ['510722109201', '220'],
  ['654203511400', '123'],
  ['654203511501', '220'],
]

function toCsv(regions: readonly Region[]): string {
  const rows = regions.map((r) => [r.code, r.name, String(r.codeYear), r.urbanRuralCode ?? ''].join(','))
  return ['code,name,codeYear,urbanRuralCode', ...rows].join('\n')
}

describe('DivisionCodeSchema', () => {
  it('should accept codes at every level and the published examples', () => {
    for (const code of ['360000000000', '360900000000', '360999000000', '360999100000', '360999100201']) {
      expect(DivisionCodeSchema.safeParse(code).success, code).toBe(true)
    }
    for (const [code] of RESEARCH_EXAMPLES)
      expect(DivisionCodeSchema.safeParse(code).success, code).toBe(true)
  })

  it('should reject wrong lengths, non-digits, a zero province and gaps in the parts', () => {
    for (const code of [
      '36099910020',
      '3609991002010',
      '36099910020x',
      '000000000000',
      '360099100201',
      '360900100201',
      '360999000201',
    ]) {
      expect(DivisionCodeSchema.safeParse(code).success, code).toBe(false)
    }
  })
})

describe('levelOfCode / parentCode', () => {
  it('should derive the level from the last non-zero part', () => {
    expect(levelOfCode('360000000000')).toBe('province')
    expect(levelOfCode('360900000000')).toBe('city')
    expect(levelOfCode('360999000000')).toBe('county')
    expect(levelOfCode('360999001000')).toBe('township')
    expect(levelOfCode('360999001001')).toBe('village')
  })

  it('should walk up one level at a time to the province', () => {
    const chain: string[] = []
    let code: string | null = '220581102202'
    while (code !== null) {
      chain.push(code)
      code = parentCode(code)
    }
    expect(chain).toEqual(['220581102202', '220581102000', '220581000000', '220500000000', '220000000000'])
    expect(selfAndAncestors('220581102202')).toEqual(chain)
    expect(selfAndAncestors('220581000000')).toEqual(chain.slice(2))
    expect(selfAndAncestors('not-a-code')).toEqual(['not-a-code'])
  })

  it('should throw on an invalid code', () => {
    expect(() => levelOfCode('360999000201')).toThrow(RangeError)
    expect(() => parentCode('abc')).toThrow(RangeError)
  })
})

describe('isWithin', () => {
  it('should contain a region in its ancestors and in itself, not in siblings', () => {
    expect(isWithin('360999100201', '360999100000')).toBe(true)
    expect(isWithin('360999100201', '360999000000')).toBe(true)
    expect(isWithin('360999100201', '360000000000')).toBe(true)
    expect(isWithin('360999100201', '360999100201')).toBe(true)
    expect(isWithin('360999100201', '360999101000')).toBe(false)
    expect(isWithin('360999100000', '360999100201')).toBe(false)
    // Prefix on the significant digits only: 3609 is not inside 360999's sibling 360998.
    expect(isWithin('360999100201', '360998000000')).toBe(false)
    expect(isWithin('bad', '360000000000')).toBe(false)
  })
})

describe('code kinds', () => {
  it('should read 街道/镇/乡 and 居委会/村委会 ranges', () => {
    expect(townshipKindOfCode('360999001000')).toBe('subdistrict')
    expect(townshipKindOfCode('360999100000')).toBe('town')
    expect(townshipKindOfCode('360999200000')).toBe('township')
    expect(townshipKindOfCode('654203511000')).toBe('other')
    expect(villageKindOfCode('220581102001')).toBe('residents_committee')
    expect(villageKindOfCode('220581102202')).toBe('villagers_committee')
    expect(villageKindOfCode('654203511501')).toBe('other')
  })
})

describe('RegionSchema', () => {
  it('should accept a built region and reject an inconsistent level, parent or urban-rural code', () => {
    const village = buildRegion('220581102202', '大榆树村', 2023, '220')
    expect(RegionSchema.safeParse(village).success).toBe(true)
    expect(RegionSchema.safeParse({ ...village, level: 'township' }).success).toBe(false)
    expect(RegionSchema.safeParse({ ...village, parentCode: '220581000000' }).success).toBe(false)
    expect(
      RegionSchema.safeParse({ ...buildRegion('220581102000', '某镇', 2023), urbanRuralCode: '121' }).success,
    ).toBe(false)
  })
})

describe('DEMO_REGIONS', () => {
  it('should be one county with 3+ townships and 10+ villages and communities, all valid and linked', () => {
    const codes = new Set(DEMO_REGIONS.map((r) => r.code))
    expect(codes.size).toBe(DEMO_REGIONS.length)
    for (const region of DEMO_REGIONS) {
      expect(RegionSchema.safeParse(region).success, region.code).toBe(true)
      if (region.parentCode !== null) expect(codes.has(region.parentCode), region.code).toBe(true)
    }
    const inCounty = DEMO_REGIONS.filter((r) => isWithin(r.code, DEMO_COUNTY_CODE))
    expect(inCounty.filter((r) => r.level === 'township').length).toBeGreaterThanOrEqual(3)
    const villages = inCounty.filter((r) => r.level === 'village')
    expect(villages.length).toBeGreaterThanOrEqual(10)
    expect(villages.some((r) => villageKindOfCode(r.code) === 'residents_committee')).toBe(true)
    expect(villages.every((r) => r.urbanRuralCode !== null)).toBe(true)
  })
})

describe('parseRegionCsv', () => {
  it('should accept the demo set as CSV in any row order', () => {
    const result = parseRegionCsv(toCsv([...DEMO_REGIONS].reverse()))
    expect(result.errors).toEqual([])
    expect(result.regions).toHaveLength(DEMO_REGIONS.length)
    expect(result.regions.find((r) => r.code === '360999100201')).toEqual(
      DEMO_REGIONS.find((r) => r.code === '360999100201'),
    )
  })

  it('should accept a BOM, CRLF, quoted names, reordered columns and parents that already exist', () => {
    const text =
      '\uFEFFname,code,urbanRuralCode,codeYear\r\n"春明村,一组",220581102200,122,2023\r\n九龙社区,220581102001,121,2023\r\n'
    const result = parseRegionCsv(text, { existingCodes: ['220581102000'] })
    expect(result.errors).toEqual([])
    expect(result.regions.map((r) => r.name)).toEqual(['春明村,一组', '九龙社区'])
  })

  it('should reject the whole file and report every failing row with line and column', () => {
    const text = [
      'code,name,codeYear,urbanRuralCode',
      '360000000000,江西省,2025,',
      '360900000000,宜春市,2025,',
      '360999000201,坏代码村,2025,220',
      '360900000000,重复,2025,',
      '360999100000,云溪镇,2025,121',
      '360900100201,无上级村,2025,999',
    ].join('\n')
    const result = parseRegionCsv(text)
    expect(result.regions).toEqual([])
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [4, 'code'],
      [5, 'code'],
      [6, 'urbanRuralCode'],
      [7, 'code'],
      [7, 'urbanRuralCode'],
    ])
  })

  it('should reject a missing parent unless it is known, and mixed code years', () => {
    const orphan = parseRegionCsv('code,name,codeYear,urbanRuralCode\n360999100201,枫林村委会,2025,220')
    expect(orphan.regions).toEqual([])
    expect(orphan.errors[0]?.message).toContain('360999100000')
    const mixed = parseRegionCsv(
      'code,name,codeYear,urbanRuralCode\n360000000000,江西省,2025,\n360900000000,宜春市,2024,',
    )
    expect(mixed.errors).toEqual([{ line: 3, column: 'codeYear', message: expect.stringContaining('2025') }])
  })

  it('should reject a wrong header, a wrong column count, an empty name and an empty file', () => {
    expect(parseRegionCsv('code,name,year\n360000000000,江西省,2025').errors[0]?.line).toBe(1)
    expect(parseRegionCsv('').errors).toHaveLength(1)
    expect(parseRegionCsv('code,name,codeYear,urbanRuralCode\n').errors[0]?.message).toContain('没有')
    const short = parseRegionCsv('code,name,codeYear,urbanRuralCode\n360000000000,江西省')
    expect(short.errors).toEqual([{ line: 2, column: null, message: expect.stringContaining('4') }])
    const unnamed = parseRegionCsv('code,name,codeYear,urbanRuralCode\n360000000000, ,2025,')
    expect(unnamed.errors.map((e) => e.column)).toEqual(['name'])
  })
})
