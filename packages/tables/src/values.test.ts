import type { Column } from '@cunwu/domain'
import { readTypedDate } from '@cunwu/domain'
import { describe, expect, it } from 'vitest'
import { buildIdNumber } from './test-builders'
import type { CellResult } from './values'
import { parseCell } from './values'

const col = (type: Column['type'], extra: Partial<Column> = {}): Column => ({
  key: 'k',
  label: '列',
  type,
  required: false,
  policy: 'public',
  ...extra,
})

const value = (r: CellResult): unknown => (r.ok ? r.value : `!${r.code}`)

describe('parseCell', () => {
  describe('amount_fen', () => {
    const amount = col('amount_fen')

    it('should convert 元 texts to integer fen exactly', () => {
      const cases: [string, number][] = [
        ['1,234.50', 123450],
        ['1234.5元', 123450],
        ['￥1,234,567.89', 123456789],
        ['１２３４．５６', 123456],
        ['0.07', 7],
        ['.5', 50],
        ['342.88', 34288],
        ['1.2万元', 1200000],
        ['3 000', 300000],
        ['12.300', 1230],
      ]
      for (const [raw, fen] of cases) expect(value(parseCell(raw, amount)), raw).toBe(fen)
    })

    it('should refuse negative amounts unless the column allows them', () => {
      const refused = parseCell('-600', amount)
      expect(refused).toMatchObject({ ok: false, code: 'negative_amount' })
      expect(!refused.ok && refused.reason).toContain('金额不能是负数（-600）')
      expect(value(parseCell('-12.30', col('amount_fen', { negative: true })))).toBe(-1230)
      expect(value(parseCell('0', amount))).toBe(0)
    })

    it('should warn about a count of 0 people', () => {
      const people = col('integer', { unit: '人' })
      const zero = parseCell('0', people)
      expect(zero.ok && zero.warning?.code).toBe('zero_people')
      expect(value(zero)).toBe(0)
      const other = parseCell('0', col('integer', { unit: '户' }))
      expect(other.ok && other.warning).toBeUndefined()
    })

    it('should be exact for every cent where floats are not', () => {
      // 0.29 * 100 = 28.999999999999996 in floats: a naive Math.floor would lose a fen.
      for (let cents = 0; cents < 100_000; cents += 1) {
        const raw = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
        const r = parseCell(raw, amount)
        if (!r.ok || r.value !== cents) throw new Error(`${raw} → ${String(value(r))}`)
      }
    })

    it('should read 万元 when the header said so', () => {
      expect(value(parseCell('1.5', amount, 'wan_yuan'))).toBe(1_500_000)
      expect(value(parseCell('0.000001', amount, 'wan_yuan'))).toBe(1)
      expect(value(parseCell('35元', amount, 'wan_yuan'))).toBe(3500)
    })

    it('should refuse more than two decimals, bad separators and words', () => {
      expect(value(parseCell('12.345', amount))).toBe('!too_many_decimals')
      expect(value(parseCell('1,2a4.50', amount))).toBe('!invalid_amount')
      expect(value(parseCell('12,34', amount))).toBe('!invalid_amount')
      expect(value(parseCell('一百元', amount))).toBe('!invalid_amount')
      expect(value(parseCell('1.2E+5', amount))).toBe('!invalid_amount')
      expect(value(parseCell('#DIV/0!', amount))).toBe('!invalid_amount')
      expect(value(parseCell('99999999999999999', amount))).toBe('!amount_too_large')
      const r = parseCell('1,2a4.50', amount)
      expect(r.ok ? '' : r.reason).toBe('不是有效金额（1,2a4.50）')
    })
  })

  describe('integer and decimal', () => {
    it('should read counts with their unit and refuse fractions', () => {
      const persons = col('integer', { unit: '人' })
      expect(value(parseCell('3', persons))).toBe(3)
      expect(value(parseCell('3人', persons))).toBe(3)
      expect(value(parseCell('3.0', persons))).toBe(3)
      expect(value(parseCell('1,200', persons))).toBe(1200)
      expect(value(parseCell('3.5', persons))).toBe('!invalid_integer')
      expect(value(parseCell('三', persons))).toBe('!invalid_integer')
    })

    it('should read decimals with their unit', () => {
      const area = col('decimal', { unit: '亩' })
      expect(value(parseCell('3.25', area))).toBe(3.25)
      expect(value(parseCell('3.25亩', area))).toBe(3.25)
      expect(value(parseCell('-0', area))).toBe(0)
      expect(value(parseCell('3.2.5', area))).toBe('!invalid_decimal')
    })
  })

  describe('date', () => {
    const date = col('date')

    it('should read the formats secretaries type and Excel serials', () => {
      const cases: [string, string][] = [
        ['2026-03-05', '2026-03-05'],
        ['2026/3/5', '2026-03-05'],
        ['2026.3.5', '2026-03-05'],
        ['2026年3月5日', '2026-03-05'],
        ['2026 年 3 月 5 日', '2026-03-05'],
        ['２０２６年３月５日', '2026-03-05'],
        ['20260305', '2026-03-05'],
        ['2026-03-05 14:30', '2026-03-05'],
        ['46086', '2026-03-05'],
        ['2024-02-29', '2024-02-29'],
      ]
      for (const [raw, iso] of cases) expect(value(parseCell(raw, date)), raw).toBe(iso)
    })

    it('should refuse impossible and unreadable dates', () => {
      expect(value(parseCell('2026-02-29', date))).toBe('!impossible_date')
      expect(value(parseCell('2026年13月1日', date))).toBe('!impossible_date')
      expect(value(parseCell('2026-04-31', date))).toBe('!impossible_date')
      expect(value(parseCell('2026年3月', date))).toBe('!invalid_date')
      expect(value(parseCell('3/5/2026', date))).toBe('!invalid_date')
      expect(value(parseCell('明天', date))).toBe('!invalid_date')
      expect(value(parseCell('1899-12-31', date))).toBe('!impossible_date')
      expect(value(parseCell('2101-01-01', date))).toBe('!impossible_date')
    })

    it('should read a day as typed rows and the meeting date do, and past a time of day (tester r1, N4)', () => {
      for (const raw of [
        '2026-12-7',
        '２０２６-１２-０７',
        '2026年12月7日',
        '2026/12/7',
        '2026.12.7',
        '20261207',
      ]) {
        expect(value(parseCell(raw, date)), raw).toBe('2026-12-07')
        expect(readTypedDate(raw), raw).toEqual({ ok: true, value: '2026-12-07' })
      }
      for (const raw of ['2026年12月7日 8时30分15秒', '2026-12-07T14:30', '2026/12/7 14:30:15'])
        expect(value(parseCell(raw, date)), raw).toBe('2026-12-07')
      expect(value(parseCell('2026-12-07 14', date))).toBe('!invalid_date')
    })
  })

  describe('id_number', () => {
    const id = col('id_number')
    const valid = buildIdNumber('1949-12-31', 2, '110105')

    it('should accept valid IDs, upper-casing x and dropping spaces', () => {
      expect(valid).toBe('11010519491231002X')
      expect(value(parseCell('11010519491231002x', id))).toBe(valid)
      expect(value(parseCell('110105 19491231 002X', id))).toBe(valid)
    })

    it('should read numbers protected from Excel as ="…" or with a leading apostrophe', () => {
      expect(value(parseCell(`="${valid}"`, id))).toBe(valid)
      expect(value(parseCell(`'${valid}`, id))).toBe(valid)
      expect(value(parseCell('="6228480402564890018"', col('bank_account')))).toBe('6228480402564890018')
      expect(value(parseCell("'13800138000", col('phone')))).toBe('13800138000')
    })

    it('should explain an ID stored as a number, with the fix', () => {
      const r = parseCell('1.10105194912E+17', id)
      expect(value(r)).toBe('!id_precision_lost')
      expect(r.ok ? '' : r.reason).toContain('设为“文本”格式')
      expect(value(parseCell('110105194912310000', id))).toBe('!id_precision_lost')
    })

    it('should refuse old, short, wrong-date and wrong-checksum IDs', () => {
      expect(value(parseCell('110105491231002', id))).toBe('!id_old_format')
      expect(value(parseCell('1101051949123100', id))).toBe('!invalid_id_number')
      expect(value(parseCell('110105194913310021', id))).toBe('!id_birth_date')
      expect(value(parseCell('110105194912310021', id))).toBe('!id_checksum')
    })
  })

  describe('phone, bank_account, household_no', () => {
    it('should accept mobiles and landlines with area code', () => {
      const phone = col('phone')
      expect(value(parseCell('138 0013 8000', phone))).toBe('13800138000')
      expect(value(parseCell('+86 138-0013-8000', phone))).toBe('13800138000')
      expect(value(parseCell('0795-1234567', phone))).toBe('07951234567')
      expect(value(parseCell('(010)12345678', phone))).toBe('01012345678')
      expect(value(parseCell('1234567', phone))).toBe('!invalid_phone')
      expect(value(parseCell('12800138000', phone))).toBe('!invalid_phone')
    })

    it('should accept account digits, warn on a doubtful card number, refuse lost digits', () => {
      const bank = col('bank_account')
      expect(value(parseCell('6228 4804 0256 4890 018', bank))).toBe('6228480402564890018')
      const doubtful = parseCell('6228480402564890019', bank)
      expect(doubtful.ok && doubtful.warning?.code).toBe('bank_account_luhn')
      // A passbook account without a Luhn digit is valid.
      const passbook = parseCell('140201010012345678901', bank)
      expect(passbook.ok && passbook.warning).toBeUndefined()
      expect(value(parseCell('6.22848040256489E+18', bank))).toBe('!number_precision_lost')
      expect(value(parseCell('12345', bank))).toBe('!invalid_bank_account')
    })

    it('should accept household numbers of digits and letters', () => {
      const hh = col('household_no')
      expect(value(parseCell('000123', hh))).toBe('000123')
      expect(value(parseCell('FL-0012', hh))).toBe('FL-0012')
      // The forms the household matcher understands (docs/households.md), kept as written.
      expect(value(parseCell('一组-001', hh))).toBe('一组-001')
      expect(value(parseCell('001号', hh))).toBe('001号')
      expect(value(parseCell('一组3号', hh))).toBe('一组3号')
      expect(value(parseCell('户号：００２', hh))).toBe('户号:002')
      expect(value(parseCell('="001"', hh))).toBe('001')
      expect(value(parseCell('王家', hh))).toBe('!invalid_household_no')
      expect(value(parseCell('3.60999100201E+17', hh))).toBe('!number_precision_lost')
    })
  })

  describe('enum, boolean and text', () => {
    it('should match enum values leniently and list the allowed ones', () => {
      const grade = col('enum', { enumValues: ['C级', 'D级'] })
      expect(value(parseCell('C级', grade))).toBe('C级')
      expect(value(parseCell('Ｃ级', grade))).toBe('C级')
      expect(value(parseCell('D 级', grade))).toBe('D级')
      const r = parseCell('B级', grade)
      expect(r.ok ? '' : r.reason).toBe('只能填 C级、D级（B级）')
    })

    it('should read 是/否 and Excel booleans', () => {
      const flag = col('boolean')
      expect(value(parseCell('是', flag))).toBe(true)
      expect(value(parseCell('TRUE', flag))).toBe(true)
      expect(value(parseCell('√', flag))).toBe(true)
      expect(value(parseCell('否', flag))).toBe(false)
      expect(value(parseCell('FALSE', flag))).toBe(false)
      expect(value(parseCell('也许', flag))).toBe('!invalid_boolean')
    })

    it('should keep text as read and refuse very long text', () => {
      expect(value(parseCell('张 三', col('text')))).toBe('张 三')
      expect(value(parseCell('字'.repeat(2001), col('text')))).toBe('!text_too_long')
    })
  })
})
