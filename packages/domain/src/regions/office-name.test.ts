import { describe, expect, it } from 'vitest'
import { officeNameOf } from './office-name'

describe('officeNameOf', () => {
  it('should name a 街道 by its 办事处, a 乡 or 镇 and a county, district or city by its 人民政府', () => {
    expect(officeNameOf({ name: '城东街道', level: 'township' })).toBe('城东街道办事处')
    expect(officeNameOf({ name: '云溪镇', level: 'township' })).toBe('云溪镇人民政府')
    expect(officeNameOf({ name: '石门乡', level: 'township' })).toBe('石门乡人民政府')
    expect(officeNameOf({ name: '青山县', level: 'county' })).toBe('青山县人民政府')
    expect(officeNameOf({ name: '东湖区', level: 'county' })).toBe('东湖区人民政府')
    expect(officeNameOf({ name: '瑞金市', level: 'county' })).toBe('瑞金市人民政府')
  })

  it('should keep a name that is already the organ, and give a village none', () => {
    expect(officeNameOf({ name: '城东街道办事处', level: 'township' })).toBe('城东街道办事处')
    expect(officeNameOf({ name: '云溪镇人民政府', level: 'township' })).toBe('云溪镇人民政府')
    expect(officeNameOf({ name: '石门村', level: 'village' })).toBeNull()
  })
})
