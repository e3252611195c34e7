import type { Region, UrbanRuralCode } from './region'
import { buildRegion } from './region'

/**
 * Demo region set for development, tests and the demo seed. The province (36 江西省) and prefecture
 * (3609 宜春市) prefixes are real GB/T 2260 codes so that the codes look right; the county 云溪县 (360999),
 * its townships, villages and communities are DEMO DATA shaped like real 统计用区划代码 (街道 001-099,
 * 镇 100-199, 乡 200-399; 居委会 001-199, 村委会 200-399) and do not exist.
 */
const YEAR = 2025

const village = (code: string, name: string, urbanRural: UrbanRuralCode): Region =>
  buildRegion(code, name, YEAR, urbanRural)

export const DEMO_REGIONS: readonly Region[] = [
  buildRegion('360000000000', '江西省', YEAR),
  buildRegion('360900000000', '宜春市', YEAR),
  buildRegion('360999000000', '云溪县', YEAR),
  // 城东街道: urban communities.
  buildRegion('360999001000', '城东街道', YEAR),
  village('360999001001', '城东社区居委会', '111'),
  village('360999001002', '新华社区居委会', '111'),
  village('360999001003', '滨江社区居委会', '112'),
  // 云溪镇: the county's second town, a community at the centre and villages around it.
  buildRegion('360999100000', '云溪镇', YEAR),
  village('360999100001', '云溪社区居委会', '121'),
  // The demo village's office phone (DEMO DATA: the county's real area code 0795, an invented number), so the elderly
  // home shows 打电话给村委会 in development.
  { ...village('360999100200', '云溪村委会', '122'), officePhone: '0795-7123456' },
  village('360999100201', '枫林村委会', '220'),
  village('360999100202', '下坊村委会', '220'),
  village('360999100203', '柏树村委会', '220'),
  // 石门镇.
  buildRegion('360999101000', '石门镇', YEAR),
  village('360999101001', '石门社区居委会', '121'),
  village('360999101200', '石门村委会', '122'),
  village('360999101201', '河口村委会', '220'),
  village('360999101202', '青山村委会', '220'),
  // 桃源乡.
  buildRegion('360999200000', '桃源乡', YEAR),
  village('360999200200', '桃源村委会', '210'),
  village('360999200201', '竹园村委会', '220'),
  village('360999200202', '高岭村委会', '220'),
]

/** Code of the demo county (云溪县). */
export const DEMO_COUNTY_CODE = '360999000000'
