import fc from 'fast-check'
import nzh from 'nzh/cn'
import { describe, expect, it } from 'vitest'
import {
  readCount,
  readDate,
  readDigits,
  readNumber,
  readNumbersInText,
  readPeriod,
  readYuanFromFen,
} from './numbers'

/** Reads a spoken number back with nzh's decoder (两 is the spoken form of 二). */
function decode(spoken: string): number {
  return Number(nzh.decodeS(spoken.replace(/两/g, '二')))
}

describe('readNumber', () => {
  it('should read numbers the way they are said', () => {
    expect(readNumber(0)).toBe('零')
    expect(readNumber(10)).toBe('十')
    expect(readNumber(15)).toBe('十五')
    expect(readNumber(1350)).toBe('一千三百五十')
    expect(readNumber(1005)).toBe('一千零五')
    expect(readNumber(3.5)).toBe('三点五')
    expect(readNumber(-5)).toBe('负五')
  })

  it('should say 两 before 千, and before 万 or 亿 at the start, but 二 elsewhere', () => {
    expect(readNumber(2000)).toBe('两千')
    expect(readNumber(22000)).toBe('两万两千')
    expect(readNumber(120_000_000)).toBe('一亿两千万')
    expect(readNumber(200_000_000)).toBe('两亿')
    expect(readNumber(120_000)).toBe('十二万')
    expect(readNumber(1_020_000)).toBe('一百零二万')
    expect(readNumber(2)).toBe('二')
    expect(readNumber(200)).toBe('二百')
  })

  it('should say 一十 after 零, wherever the ten falls', () => {
    expect(readNumber(1010)).toBe('一千零一十')
    expect(readNumber(100_000_010)).toBe('一亿零一十')
    expect(readNumber(400_100_000)).toBe('四亿零一十万')
    expect(readNumber(-543_400_100_000)).toBe('负五千四百三十四亿零一十万')
  })

  it('should read back to the same integer for any integer below a trillion', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999_999, max: 999_999_999_999 }), (n) => {
        expect(decode(readNumber(n))).toBe(n)
      }),
    )
  })

  it('should never contain an ASCII digit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e14, max: 1e14, noNaN: true }), (n) => {
        expect(readNumber(n)).not.toMatch(/[0-9]/)
      }),
    )
  })
})

describe('readCount', () => {
  it('should use 两 for two of something', () => {
    expect(readCount(3, '人')).toBe('三人')
    expect(readCount(2, '户')).toBe('两户')
    expect(readCount(42, '户')).toBe('四十二户')
  })
})

describe('readYuanFromFen', () => {
  it('should read amounts as 元角分 without trailing zeros', () => {
    expect(readYuanFromFen(135_000)).toBe('一千三百五十元')
    expect(readYuanFromFen(135_050)).toBe('一千三百五十元五角')
    expect(readYuanFromFen(100_505)).toBe('一千零五元零五分')
    expect(readYuanFromFen(135_055)).toBe('一千三百五十元五角五分')
    expect(readYuanFromFen(50)).toBe('五角')
    expect(readYuanFromFen(5)).toBe('五分')
    expect(readYuanFromFen(0)).toBe('零元')
    expect(readYuanFromFen(-2000)).toBe('负二十元')
    expect(readYuanFromFen(2_000_000)).toBe('两万元')
  })

  it('should read back to the same amount for any amount in fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (fen) => {
        const spoken = readYuanFromFen(fen)
        const m = /^(?:(.+)元)?(?:零)?(?:(.)角)?(?:(.)分)?$/.exec(spoken)
        expect(m).not.toBeNull()
        const yuan = m?.[1] ? decode(m[1]) : 0
        const jiao = m?.[2] ? decode(m[2]) : 0
        const cents = m?.[3] ? decode(m[3]) : 0
        expect(yuan * 100 + jiao * 10 + cents).toBe(fen)
      }),
    )
  })
})

describe('readDate', () => {
  it('should leave out the year of this year and say it otherwise', () => {
    expect(readDate('2026-12-11', '2026-12-06')).toBe('十二月十一日')
    expect(readDate('2025-12-11', '2026-01-02')).toBe('二零二五年十二月十一日')
    expect(readDate('2026-03-05', '2026-12-06')).toBe('三月五日')
  })
})

describe('readPeriod', () => {
  it('should read every period shape', () => {
    expect(readPeriod('2026-07')).toBe('二零二六年七月')
    expect(readPeriod('2026-Q3')).toBe('二零二六年第三季度')
    expect(readPeriod('2026-H1')).toBe('二零二六年上半年')
    expect(readPeriod('2026')).toBe('二零二六年')
  })
})

describe('readNumbersInText', () => {
  it('should read amounts, years, dates and percentages in free text', () => {
    expect(readNumbersInText('本季度支出1,350.00元，比2025年多5%。', '2026-12-06')).toBe(
      '本季度支出一千三百五十元，比二零二五年多百分之五。',
    )
    expect(readNumbersInText('于2026-12-11前反映', '2026-12-06')).toBe('于十二月十一日前反映')
    expect(readNumbersInText('共3组12户')).toBe('共三组十二户')
    expect(readNumbersInText('2026-Q1 低保名单，2026-H2、2026-07 收支')).toBe(
      '二零二六年第一季度 低保名单，二零二六年下半年、二零二六年七月 收支',
    )
  })

  it('should drop masked numbers entirely, never reading their visible digits, and say they are not public', () => {
    const spoken = readNumbersInText('身份证号110***********002X，电话138****5678，账号************1234。')
    expect(spoken).toBe('身份证号不公开，电话号码不公开，账号不公开。')
  })

  it('should leave no broken phrase where a masked phone or house number was (电话，家住云溪村三组号)', () => {
    const spoken = readNumbersInText('联系人王建国，电话139****5678，家住云溪村3组**号。')
    expect(spoken).toBe('联系人王建国，电话号码不公开，家住云溪村三组门牌号不公开。')
    expect(readNumbersInText('住3栋*单元***室')).toBe('住三栋门牌号不公开')
    expect(spoken).not.toMatch(/五六七八|5678/)
  })

  it('should read long codes digit by digit', () => {
    expect(readNumbersInText('文号20261234567890')).toBe(`文号${readDigits('20261234567890')}`)
  })

  it('should leave no ASCII digit in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789,.-年元%* 村X') }), (s) => {
        expect(readNumbersInText(s, '2026-12-06')).not.toMatch(/[0-9]/)
      }),
    )
  })
})
