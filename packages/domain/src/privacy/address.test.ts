import { describe, expect, it } from 'vitest'
import { redactHouseNumbers } from './address'
import { redactSensitiveNumbers } from './scan'

// Forms of a home address the re-probe found unmasked (docs/scrubbing.md, "Addresses").
describe('redactHouseNumbers: everyday forms of a home address', () => {
  it.each([
    ['家住云溪村3组18号（村委会对面）', '家住云溪村3组**号（村委会对面）'],
    ['家住云溪村3组18号(学校旁边)', '家住云溪村3组**号(学校旁边)'],
    ['我住云溪村3组18号', '我住云溪村3组**号'],
    ['我住在云溪村3组18号', '我住在云溪村3组**号'],
    ['我家在云溪村3组18号', '我家在云溪村3组**号'],
    ['地址：云溪村3组18號', '地址：云溪村3组**號'],
    ['住址:人民路18號', '住址:人民路**號'],
    ['家住云溪村3组18 号', '家住云溪村3组** 号'],
    ['家住云溪村3组第18号', '家住云溪村3组第**号'],
    ['家住云溪村3组18-2号', '家住云溪村3组**-*号'],
    ['家住人民路18弄3号', '家住人民路**弄*号'],
    ['家住云溪村3组18#', '家住云溪村3组**#'],
    ['家庭住址 云溪村 3组 18 号', '家庭住址 云溪村 3组 ** 号'],
    ['家住学校旁边3组18号', '家住学校旁边3组**号'],
    ['家住云溪村村委会对面3组18号', '家住云溪村村委会对面3组**号'],
    ['家住银行宿舍3栋2单元501室', '家住银行宿舍*栋*单元***室'],
  ])('%s', (text, masked) => {
    expect(redactHouseNumbers(text)).toBe(masked)
  })

  it('should mask them through redactSensitiveNumbers too', () => {
    expect(redactSensitiveNumbers('家住云溪村3组18号（村委会对面），我住云溪村3组18號')).toBe(
      '家住云溪村3组**号（村委会对面），我住云溪村3组**號',
    )
  })

  it('should still leave offices, groups, counts and dates alone', () => {
    for (const text of [
      '如有异议请到村委会地址：云溪村5组8号',
      '办公地址云溪村委会2号楼',
      '地址：云溪镇人民路18号便民服务中心',
      '地址：学校（人民路18号）',
      '地址：云溪村便民服务中心（3组18号）',
      '住在3组的村民共30户',
      '住在3组的村民于3月5号前报名',
      '家住3组，3月5号前报名',
      '我家在3组，共有5口人',
      '3组18号的王大爷',
    ])
      expect(redactHouseNumbers(text)).toBe(text)
  })
})
