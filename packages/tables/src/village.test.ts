import { DEMO_REGIONS } from '@cunwu/domain'
import { describe, expect, it } from 'vitest'
import { createVillageResolver } from './village'

const villages = DEMO_REGIONS.filter((r) => r.level === 'village')
const resolve = createVillageResolver(villages)

function codeOf(raw: string): string {
  const match = resolve(raw)
  if (!match.ok) throw new Error(`${raw}: ${match.reason}`)
  return match.code
}

describe('createVillageResolver', () => {
  it('should resolve the short form 云溪村 to 云溪村委会 although 云溪社区居委会 shares the bare name', () => {
    expect(codeOf('云溪村')).toBe('360999100200')
    expect(codeOf('云溪村委会')).toBe('360999100200')
    expect(codeOf('云溪村民委员会')).toBe('360999100200')
    expect(codeOf('云溪社区')).toBe('360999100001')
    expect(codeOf('云溪居委会')).toBe('360999100001')
    expect(codeOf('云溪社区居民委员会')).toBe('360999100001')
  })

  it('should resolve a bare name when only one village has it', () => {
    expect(codeOf('柏树')).toBe('360999100203')
    expect(codeOf('城东')).toBe('360999001001')
  })

  it('should list the candidates with their codes when a name fits several villages', () => {
    const match = resolve('云溪')
    expect(match.ok).toBe(false)
    if (match.ok) return
    expect(match.reason).toContain('云溪社区居委会（360999100001）')
    expect(match.reason).toContain('云溪村委会（360999100200）')
    expect(match.reason).toContain('请改填 12 位区划代码')
  })

  it('should read the village out of a 村组 cell (village name and group)', () => {
    expect(codeOf('枫林村1组')).toBe('360999100201')
    expect(codeOf('枫林村第3组')).toBe('360999100201')
    expect(codeOf('枫林村三组')).toBe('360999100201')
    expect(codeOf('下坊村 12 村民小组')).toBe('360999100202')
    expect(codeOf('云溪村3组')).toBe('360999100200')
    expect(codeOf('柏树2组')).toBe('360999100203')
  })

  it('should accept a township written before the village', () => {
    expect(codeOf('云溪镇枫林村')).toBe('360999100201')
    expect(codeOf('石门镇河口村2组')).toBe('360999101201')
  })

  it('should not take a 村 for a 社区 of the same bare name, nor guess unknown names', () => {
    const onlyCommunity = createVillageResolver([{ code: '360999100001', name: '云溪社区居委会' }])
    expect(onlyCommunity('云溪村').ok).toBe(false)
    expect(onlyCommunity('云溪').ok).toBe(true)
    expect(resolve('枫树村').ok).toBe(false)
    expect(resolve('大榆树村1组').ok).toBe(false)
    expect(resolve('360999200299').ok).toBe(false)
    expect(codeOf('360999200299'.replace('299', '201'))).toBe('360999200201')
  })

  it('should match a village whose official name has no suffix', () => {
    const plain = createVillageResolver([{ code: '220100100201', name: '大榆树' }])
    expect(plain('大榆树村1组')).toEqual({ ok: true, code: '220100100201' })
  })
})
