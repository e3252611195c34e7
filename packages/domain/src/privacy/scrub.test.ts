import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ordinaryNumbers, readableDigits, textWithNumbers, typedNumber } from './arbitraries'
import { invisibleCharacter, scrubberText, withInvisibles, withoutInvisible } from './arbitraries-text'
import { redactHouseNumbers } from './address'
import { findSensitiveNumbers, redactSensitiveNumbers } from './scan'

describe('redactSensitiveNumbers (the one scrubber of public text)', () => {
  it('should mask full-width digits, 4-4-4-4-2 IDs, full-width cards and old 15-digit IDs', () => {
    expect(redactSensitiveNumbers('电话１３９０４３１１０００')).toBe('电话139****1000')
    expect(redactSensitiveNumbers('身份证 2205 8119 6009 1814 47 请核对')).toBe(
      '身份证 220***********1447 请核对',
    )
    expect(redactSensitiveNumbers('卡号６２２２－０２１２－３４５６－７８９４')).toBe('卡号************7894')
    expect(redactSensitiveNumbers('老证号 220581600918144')).toBe('老证号 220********8144')
    expect(redactSensitiveNumbers('联系＋８６ １３９\u3000０４３１\u200B１０００')).toBe('联系＋139****1000')
  })

  it('should leave amounts, dates, counts and ids that are not personal numbers alone', () => {
    const text = '2026-07-01 发放 58000 元，共 30 户；编号 65a1b2c3d4e5f6a7b8c9d0e1，ab12cd13812345678'
    expect(redactSensitiveNumbers(text)).toBe(text)
  })

  it('should not let a letter next to one group hide a number in the groups beside it', () => {
    expect(redactSensitiveNumbers('ab12 13812345678')).toBe('ab12 138****5678')
    expect(redactSensitiveNumbers('13812345678 12ab')).toBe('138****5678 12ab')
    expect(redactSensitiveNumbers('13812345678 X5')).toBe('138****5678 X5')
  })

  it('should mask numbers written in Chinese numerals, alone or mixed with digits', () => {
    expect(redactSensitiveNumbers('联系人手机 一三九八八七七六六五五')).toBe('联系人手机 139****6655')
    expect(redactSensitiveNumbers('电话 1三9八8七7六6五5')).toBe('电话 139****6655')
    expect(redactSensitiveNumbers('身份证一一零一零一一九九零零三零七四五一四')).toBe(
      '身份证110***********4514',
    )
    expect(redactSensitiveNumbers('手机 幺三九 八八七七 六六五五')).toBe('手机 139****6655')
    expect(redactSensitiveNumbers('卡号陆贰贰贰〇贰壹贰叁肆伍陆柒捌玖〇壹贰捌')).toBe(
      '卡号***************0128',
    )
    // A name ending in a numeral right before a number: the number still starts where the digits do.
    expect(redactSensitiveNumbers('张三13812345678')).toBe('张三138****5678')
  })

  it('should mask numbers written with punctuation between their groups', () => {
    expect(redactSensitiveNumbers('另 139.8877.6655；')).toBe('另 139****6655；')
    expect(redactSensitiveNumbers('139/1234/5006 或 139，1234，5010 或 139、1234、5011')).toBe(
      '139****5006 或 139****5010 或 139****5011',
    )
    expect(redactSensitiveNumbers('电话(139)12345007')).toBe('电话(139****5007')
    expect(redactSensitiveNumbers('电话（139）1234·5007')).toBe('电话（139****5007')
    expect(redactSensitiveNumbers('身份证 110/1011/99003074514')).toBe('身份证 110***********4514')
    expect(redactSensitiveNumbers('卡号 6222(0212)34567890128')).toBe('卡号 ***************0128')
    expect(redactSensitiveNumbers('卡号 622.2021.234567890128')).toBe('卡号 ***************0128')
    expect(redactSensitiveNumbers('卡号 6222,0212,3456,7890,128')).toBe('卡号 ***************0128')
    expect(redactSensitiveNumbers('13988776655，139，1234，5010')).toBe('139****6655，139****5010')
  })

  it('should mask numbers with any punctuation or symbol between their groups (reprobe D N1)', () => {
    for (const text of [
      '139_8877_6655',
      '139：8877：6655',
      '139*8877*6655',
      '139～8877～6655',
      '139~8877~6655',
      '139。8877。6655',
      '139|8877|6655',
      '139#8877#6655',
      '139…8877…6655',
      '139→8877→6655',
      '139\u28008877\u28006655',
      '139ㆍ8877ㆍ6655',
    ])
      expect(redactSensitiveNumbers(`手机${text}`)).toBe('手机139****6655')
    expect(redactSensitiveNumbers('电话“139”“8877”“6655”')).toBe('电话“139****6655”')
    expect(redactSensitiveNumbers('电话《139》《8877》《6655》')).toBe('电话《139****6655》')
    expect(redactSensitiveNumbers('身份证110101：19900307：4514')).toBe('身份证110***********4514')
    expect(redactSensitiveNumbers('卡号6222_0212_3456_7890_128')).toBe('卡号***************0128')
  })

  it('should read the symbols among the ideographs (Yijing hexagrams ䷀–䷿) as separators like any other symbol', () => {
    expect(redactSensitiveNumbers('手机139☯8877☯6655')).toBe('手机139****6655')
    // Every symbol or punctuation mark of U+3400–U+9FFF, the range classify answers without NFKC.
    for (let code = 0x3400; code <= 0x9fff; code += 1) {
      const ch = String.fromCharCode(code)
      if (!/[\p{S}\p{P}]/u.test(ch)) continue
      expect(redactSensitiveNumbers(`手机139${ch}8877${ch}6655`)).toBe('手机139****6655')
    }
    expect(redactSensitiveNumbers('第3䷀5卦')).toBe('第3䷀5卦')
  })

  it('should read digits of every script and form, and digits under combining marks (reprobe D N1)', () => {
    const phone = '13988776655'
    const each = (form: (d: number) => string): string => Array.from(phone, (ch) => form(Number(ch))).join('')
    for (const zero of [0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xe50, 0x1810, 0x1d7ce])
      expect(redactSensitiveNumbers(`手机${each((d) => String.fromCodePoint(zero + d))}`)).toBe(
        '手机139****6655',
      )
    // Dingbat circled ❶ ➀ ➊, parenthesised ⑴, digit full stop ⒈, digit comma 🄂, Hangzhou 〡, tag digits.
    for (const one of [0x2776, 0x2780, 0x278a, 0x2474, 0x2488, 0x1f102, 0x3021, 0xe0031])
      expect(redactSensitiveNumbers(`手机${each((d) => String.fromCodePoint(one + d - 1))}`)).toBe(
        '手机139****6655',
      )
    // Keycaps with and without VS16, and combining low line, strike, acute, enclosing circle.
    for (const mark of ['\uFE0F\u20E3', '\u20E3', '\u0332', '\u0336', '\u0301', '\u20DD'])
      expect(redactSensitiveNumbers(`手机${each((d) => `${d}${mark}`)}。`)).toBe('手机139****6655。')
    expect(redactSensitiveNumbers('手机壹參玖捌捌柒柒陸陸伍伍')).toBe('手机139****6655')
    expect(redactSensitiveNumbers('手机壹參玖兩兩兩兩兩兩兩兩')).toBe('手机139****2222')
    // 叄, the other form of 叁/參.
    expect(redactSensitiveNumbers('手机壹叄玖捌捌柒柒陆陆伍伍')).toBe('手机139****6655')
    // 拾佰仟 are units, as 十百千 are: amounts in financial numerals never make a number.
    const amount = '金额壹拾贰万叄仟肆佰伍拾陆元柒角捌分，贰仟零壹拾玖元'
    expect(redactSensitiveNumbers(amount)).toBe(amount)
    expect(redactSensitiveNumbers('身份证壹壹零壹零壹壹玖玖零零參零柒肆伍壹肆')).toBe(
      '身份证110***********4514',
    )
    expect(redactSensitiveNumbers('卡号陸貳貳貳〇貳壹貳參肆伍陸柒捌玖〇壹貳捌')).toBe(
      '卡号***************0128',
    )
  })

  it('should mask the whole ID when a shorter number is found inside it (reprobe D N5)', () => {
    expect(redactSensitiveNumbers('申请人身份证130102199003074514。补助款按 130.10219900.3074514元 计')).toBe(
      '申请人身份证130***********4514。补助款按 130***********4514元 计',
    )
    expect(redactSensitiveNumbers('1.30102.19900307451.4')).toBe('130***********4514')
    expect(redactSensitiveNumbers('86 1 3010219900 3074514')).toBe('86 130***********4514')
    expect(redactSensitiveNumbers('卡号622202123456.7890128元')).toBe('卡号***************0128元')
    expect(redactSensitiveNumbers('6.2.17001234567.893')).toBe('************7893')
    // A card-shaped run starting with a mobile's 1 is not taken: lists after a mobile stay as the list rule reads them.
    expect(redactSensitiveNumbers('1三9八8七7六6五5，139，1234，5010')).toBe('139****6655，139****5010')
  })

  it('should leave times, ratios and ranges written with the new separators alone', () => {
    for (const text of [
      '2026年3月1日 12:30:45',
      '2026-03-01 12:30:45；2026.03.01 08:30～17:30',
      '12:30:45 13:00:00 14:15:16',
      '第1~3条；第1～3组',
      '比例 3:2:1，配比 1*2*3',
      '| 2026 | 1000 | 3000 |',
      '¥1,380.00 ¥2,000.00 ¥3,500.00',
      '“150”“2000”“3000”元',
      '《2019》《2020》《2021》',
      'ObjectId_65a1b2c3d4e5f6a7b8c9d0e1；hash:ab12cd13812345678',
    ])
      expect(redactSensitiveNumbers(text)).toBe(text)
  })

  it('should mask numbers with characters that show nothing between their digits, however many', () => {
    // Soft hyphen and LRM (what Word and Excel leave), invisible separator, combining grapheme joiner, VS16.
    for (const mark of [
      '\u00AD',
      '\u200E',
      '\u2063',
      '\u034F',
      '\uFE0F',
      '\u180E',
      '\u200B\u200B\u200B\u200B\u200B',
    ]) {
      const phone = redactSensitiveNumbers(`电话139${mark}1234${mark}5678`)
      expect(phone).toMatch(/^电话139\*+5678$/u)
      expect(findSensitiveNumbers(`身份证110101${mark}19900307${mark}4514`)).toHaveLength(1)
    }
  })

  it('should read a unit, a label and a keycap the same however many invisible characters stand in between', () => {
    expect(redactSensitiveNumbers('139.8877.6655元')).toBe('139.8877.6655元')
    for (const invisible of [
      '\u200B\u200B\u200B\u200B',
      '\u00AD\u200E\u2063\u034F\uFEFF\u2060',
      '\u{E0100}\u{E0100}',
    ])
      expect(redactSensitiveNumbers(`139.8877.6655${invisible}元`)).toBe(`139.8877.6655${invisible}元`)
    // Up to three spaces, quotes or brackets before the unit, as between the groups of a number; not four.
    expect(redactSensitiveNumbers('“139.8877.6655”\u200B \u200B \u200B元')).toBe(
      '“139.8877.6655”\u200B \u200B \u200B元',
    )
    expect(redactSensitiveNumbers('139.8877.6655    元')).toBe('139****6655    元')
    // An account label with invisible characters in it or after it.
    expect(redactSensitiveNumbers('存折账\u00AD号\u200B\u200B：\u200B\u200B\u200B\u200B1234567890123')).toBe(
      '存折账\u00AD号\u200B\u200B：\u200B\u200B\u200B\u200B*********0123',
    )
    // A keycap on the last digit goes with the mask, an invisible character between them or not.
    expect(redactSensitiveNumbers('手机13988776655\u200B\u20E3。')).toBe('手机139****6655。')
  })

  it('should mask the same digits whatever invisible characters are inserted anywhere in the text', () => {
    for (const ch of fc.sample(invisibleCharacter, 200)) expect(withoutInvisible(ch)).toBe('')
    fc.assert(
      fc.property(
        scrubberText.chain((text) => withInvisibles(text)),
        (typed) => {
          expect(withoutInvisible(redactSensitiveNumbers(typed))).toBe(
            redactSensitiveNumbers(withoutInvisible(typed)),
          )
        },
      ),
    )
  })

  it('should mask numbers with letters on one side', () => {
    expect(redactSensitiveNumbers('电话Tel13988776655')).toBe('电话Tel139****6655')
    expect(redactSensitiveNumbers('ID110101199003074514x')).toBe('ID110***********4514x')
    expect(redactSensitiveNumbers('ID11010119900307002X')).toBe('ID110***********002X')
    expect(redactSensitiveNumbers('No.13988776655号')).toBe('No.139****6655号')
    expect(redactSensitiveNumbers('13988776655ok')).toBe('139****6655ok')
  })

  it('should leave ordinary Chinese numbers, amounts, dates, lists and identifiers alone', () => {
    for (const text of [
      '一百二十元，三组，二〇二六年三月一日，第一、二、三条，十二万三千四百五十六元，三三两两',
      '合计 1,200.00 元；1,391,234.00 元；139,123,456.00 元',
      '2026.03.01 至 2026.03.31；2026/03/01；2026.03.01-2026.03.31',
      '2019、2020、2021、2022年；135、142、156、170、181户；1、3、9、12、15、18、20',
      '补助标准分别为150、2000、3000元；150/2000/3000元；326，955，561，937，1993年',
      '192.168.100.200；v1.13.912.345',
      '编号 65a1b2c3d4e5f6a7b8c9d0e1；ab12cd13812345678；文件 x13812345678y2',
    ])
      expect(redactSensitiveNumbers(text)).toBe(text)
  })

  it('should leave generated ordinary numbers alone', () => {
    fc.assert(
      fc.property(ordinaryNumbers, (text) => {
        expect(redactSensitiveNumbers(text)).toBe(text)
      }),
      { numRuns: 500 },
    )
  })

  it('should find every generated number however it is typed', () => {
    fc.assert(
      fc.property(typedNumber, (n) => {
        const found = findSensitiveNumbers(`公示：${n.typed}。`)
        expect(found).toHaveLength(1)
        const digits = n.kind === 'old_id_number' ? found[0]?.digits : found[0]?.digits.toUpperCase()
        expect(digits).toBe(n.digits)
      }),
      { numRuns: 500 },
    )
  })

  it('should leave no generated number readable in scrubbed Chinese text', () => {
    fc.assert(
      fc.property(textWithNumbers, ({ text, numbers }) => {
        const scrubbed = redactSensitiveNumbers(text)
        expect(findSensitiveNumbers(scrubbed)).toEqual([])
        const readable = readableDigits(scrubbed)
        for (const n of numbers) expect(readable).not.toContain(n.digits)
      }),
      { numRuns: 500 },
    )
  })
})

describe('redactHouseNumbers (addresses in free text)', () => {
  it('should mask the house, building and room numbers of a residence address', () => {
    expect(redactSensitiveNumbers('身份证110101199003074514，地址云溪村3组18号')).toBe(
      '身份证110***********4514，地址云溪村3组**号',
    )
    expect(redactHouseNumbers('我家住云溪村三组十八号')).toBe('我家住云溪村三组**号')
    expect(redactHouseNumbers('住址：人民路12号3栋2单元501室')).toBe('住址：人民路**号*栋*单元***室')
    expect(redactHouseNumbers('住在云溪村3组18号的王大爷')).toBe('住在云溪村3组**号的王大爷')
    expect(redactHouseNumbers('门牌号：25；门牌18号')).toBe('门牌号：**；门牌**号')
  })

  it('should leave offices, groups, counts and dates alone', () => {
    for (const text of [
      '如有异议请到村委会地址：云溪村5组8号',
      '办公地址云溪村委会2号楼',
      '地址：云溪镇人民路18号便民服务中心',
      '住在3组的村民共30户',
      '住在3组的村民于3月5号前报名',
      '3组18号的王大爷',
    ])
      expect(redactHouseNumbers(text)).toBe(text)
  })
})
