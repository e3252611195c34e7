import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '../catalog'
import type { TableSchema } from '../catalog'
import { birthDateFromIdNumber, idCheckCharacter, isValidChineseId, passesLuhn } from './id-number'
import { maskBankAccount, maskDate, maskHouseholdNo, maskIdNumber, maskName, maskPhone } from './mask'
import type { TableRow } from './present'
import { presentTableRows } from './present'
import { findSensitiveNumbers, redactSensitiveNumbers } from './scan'

// Canonical example of GB 11643 and a second one with a numeric check digit.
const SAMPLE_ID = '11010519491231002X'
const SAMPLE_ID_2 = '440524188001010014'

function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d += 1) if (passesLuhn(`${body}${d}`)) return String(d)
  throw new Error('unreachable')
}

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''))

/** Valid 18-digit IDs: address code, a real birth date, order code and the computed check character. */
const validId = fc
  .tuple(
    fc.integer({ min: 110000, max: 659999 }),
    fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2025-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    digits(3, 3),
  )
  .map(([address, birth, order]) => {
    const first17 = `${address}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${order}`
    return `${first17}${idCheckCharacter(first17) ?? ''}`
  })

/** Mainland mobile numbers. */
const mobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9, 9))
  .map(([second, rest]) => `1${second}${rest}`)

/** 16-19 digit card numbers with a Luhn check digit. */
const bankCard = fc
  .tuple(fc.integer({ min: 1, max: 9 }), digits(14, 17))
  .map(([first, rest]) => `${first}${rest}`)
  .map((body) => `${body}${luhnCheckDigit(body)}`)

const sensitive = fc.oneof(validId, mobile, bankCard)

/** Text around numbers: Chinese, punctuation, spaces, JSON-ish quotes, but no ASCII letters or digits. */
const filler = fc.string({
  unit: fc.constantFrom('村', '民', '低', '保', '：', '，', ' ', '"', ':', '-', '\n', '(', '）', '号'),
  maxLength: 6,
})

describe('isValidChineseId', () => {
  it('should accept valid IDs with X or a digit as check character', () => {
    expect(isValidChineseId(SAMPLE_ID)).toBe(true)
    expect(isValidChineseId(SAMPLE_ID.toLowerCase())).toBe(true)
    expect(isValidChineseId(SAMPLE_ID_2)).toBe(true)
    expect(birthDateFromIdNumber(SAMPLE_ID)).toBe('1949-12-31')
  })

  it('should reject a wrong checksum, an impossible birth date, a wrong length and a leading zero', () => {
    expect(isValidChineseId('110105194912310021')).toBe(false)
    expect(isValidChineseId('11010519490230002X')).toBe(false)
    expect(isValidChineseId('11010519491231002')).toBe(false)
    expect(isValidChineseId(`0${SAMPLE_ID.slice(1)}`)).toBe(false)
  })

  it('should accept every generated valid ID and reject it with any other check character', () => {
    fc.assert(
      fc.property(validId, fc.constantFrom(...'0123456789X'), (id, other) => {
        expect(isValidChineseId(id)).toBe(true)
        fc.pre(other !== id.slice(17))
        expect(isValidChineseId(`${id.slice(0, 17)}${other}`)).toBe(false)
      }),
      { numRuns: 200 },
    )
  })
})

describe('masking', () => {
  it('should mask each kind in its documented shape', () => {
    expect(maskIdNumber(SAMPLE_ID)).toBe('110***********002X')
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678')
    expect(maskBankAccount('6222021234567890123')).toBe('***************0123')
    expect(maskHouseholdNo('360999100201-0012')).toBe('*************0012')
    expect(maskName('张三')).toBe('张*')
    expect(maskName('张三丰')).toBe('张*丰')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskDate('1950-03-02')).toBe('1950年**月**日')
    expect(maskIdNumber('123')).toBe('****')
  })

  it('should never leave a full ID, phone or bank number in a masked value', () => {
    fc.assert(
      fc.property(validId, mobile, bankCard, (id, phone, card) => {
        for (const masked of [maskIdNumber(id), maskPhone(phone), maskBankAccount(card)]) {
          expect(findSensitiveNumbers(masked)).toEqual([])
        }
        // Whatever lands in a masked column of the wrong type is still masked safely.
        for (const value of [id, phone, card, `${id}${card}`]) {
          for (const mask of [maskIdNumber, maskPhone, maskBankAccount, maskHouseholdNo, maskName]) {
            expect(findSensitiveNumbers(mask(value))).toEqual([])
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('findSensitiveNumbers', () => {
  it('should find IDs, mobiles and cards in plain and grouped forms', () => {
    const text = `低保户张三，身份证${SAMPLE_ID}，电话 138-1234-5678，卡号 6222 0212 3456 7894 。`
    const found = findSensitiveNumbers(text)
    expect(found.map((f) => [f.kind, f.digits])).toEqual([
      ['id_number', SAMPLE_ID],
      ['phone', '13812345678'],
      ['bank_account', '6222021234567894'],
    ])
    expect(text.slice(found[1]?.index, (found[1]?.index ?? 0) + (found[1]?.text.length ?? 0))).toBe(
      '138-1234-5678',
    )
    expect(findSensitiveNumbers('+8613812345678').map((f) => f.kind)).toEqual(['phone'])
  })

  it('should ignore numbers that are not personal: amounts, dates, timestamps, hex ids and bad checksums', () => {
    const text = [
      '{"amount":123456,"date":"2026-07-01","ts":1712345678901,"id":"65a1b2c3d4e5f6a7b8c9d0e1"}',
      '12345678901',
      '6222021234567890',
      'ab12cd13812345678',
    ].join(' ')
    expect(findSensitiveNumbers(text)).toEqual([])
  })

  it('should take an ID with a wrong check character for an ID, and a labelled passbook account for an account', () => {
    // A typing slip in the last character leaves it a person's ID (its birth date is still there).
    expect(findSensitiveNumbers('身份证 110105194912310021（错号）')).toMatchObject([{ kind: 'id_number' }])
    expect(findSensitiveNumbers('3609 9919 6503 1212 34')).toMatchObject([{ kind: 'id_number' }])
    // 18 digits whose 7th–14th are no date stay a number.
    expect(findSensitiveNumbers('110105194913310021')).toEqual([])
    // A 13-digit 存折 account has no check digit: masked when a word says it is an account, not otherwise.
    expect(redactSensitiveNumbers('李四 存折账号 1234567890123 (农商行)')).toBe(
      '李四 存折账号 *********0123 (农商行)',
    )
    expect(redactSensitiveNumbers('银行卡号：6217 0012 3456 789')).toMatch(/^银行卡号：\*+6789$/u)
    expect(findSensitiveNumbers('项目编号 1234567890123')).toEqual([])
  })

  it('should find any embedded personal number in surrounding text', () => {
    fc.assert(
      fc.property(filler, sensitive, filler, (before, value, after) => {
        const found = findSensitiveNumbers(`${before}${value}${after}`)
        expect(found.map((f) => f.digits)).toContain(value.toUpperCase())
      }),
      { numRuns: 300 },
    )
  })

  it('should leave nothing to find after redaction', () => {
    const piece = fc.oneof(filler, sensitive, digits(1, 5))
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const redacted = redactSensitiveNumbers(pieces.join(' '))
        expect(findSensitiveNumbers(redacted)).toEqual([])
      }),
      { numRuns: 300 },
    )
  })
})

describe('presentTableRows', () => {
  const dibao = findCatalogItem('social-assistance.dibao.approval')?.table
  if (!dibao) throw new Error('dibao roster missing from the catalog')
  const adultRow: TableRow = {
    name: '王秀英',
    household_size: 3,
    amount: 68000,
    group: '第二组',
    id_number: SAMPLE_ID,
    household_no: '0012',
    bank_account: '6222021234567894',
    phone: '13812345678',
    secret: 'not in the schema',
  }
  const minorRow: TableRow = { ...adultRow, name: '李小明', id_number: '360999201503150019' }

  it('should show public columns, drop never_public columns and unknown keys for the public', () => {
    const table = presentTableRows(dibao, [adultRow], { audience: 'public', asOf: '2026-07-01' })
    expect(table.columns.map((c) => c.key)).toEqual(['name', 'household_size', 'amount', 'group'])
    expect(table.rows).toEqual([{ name: '王秀英', household_size: 3, amount: 68000, group: '第二组' }])
    expect(table.omittedRowCount).toBe(0)
  })

  it('should drop rows about minors from the public view by the ID birth date', () => {
    expect(birthDateFromIdNumber('360999201503150019')).toBe('2015-03-15')
    const table = presentTableRows(dibao, [adultRow, minorRow], { audience: 'public', asOf: '2026-07-01' })
    expect(table.rows.map((r) => r.name)).toEqual(['王秀英'])
    expect(table.omittedRowCount).toBe(1)
    // The same person is an adult from their 18th birthday.
    const later = presentTableRows(dibao, [minorRow], { audience: 'public', asOf: '2033-03-15' })
    expect(later.rows).toHaveLength(1)
  })

  it('should drop minors by a flag or a birth-date column and mask masked columns by type', () => {
    const schema: TableSchema = {
      kind: 'roster',
      title: '测试名单',
      columns: [
        {
          key: 'name',
          label: '姓名',
          type: 'text',
          required: true,
          policy: 'masked',
          identifiesHousehold: true,
        },
        { key: 'birth', label: '出生日期', type: 'date', required: false, policy: 'masked' },
        { key: 'child', label: '未成年', type: 'boolean', required: false, policy: 'never_public' },
        { key: 'phone', label: '电话', type: 'phone', required: false, policy: 'masked' },
        { key: 'note', label: '备注', type: 'text', required: false, policy: 'public' },
      ],
      minorRule: { adultAge: 18, columns: ['birth', 'child'] },
      provenance: 'designed',
      note: 'test schema',
    }
    const rows: TableRow[] = [
      {
        name: '张三丰',
        birth: '1950-03-02',
        child: false,
        phone: '13812345678',
        note: `卡号6222021234567894`,
      },
      { name: '张小', birth: '2012-01-01', child: false },
      { name: '李四', birth: null, child: true },
    ]
    const table = presentTableRows(schema, rows, { audience: 'public', asOf: '2026-07-01' })
    expect(table.rows).toEqual([
      { name: '张*丰', birth: '1950年**月**日', phone: '138****5678', note: '卡号************7894' },
    ])
    expect(table.columns.find((c) => c.key === 'name')?.masked).toBe(true)
    expect(table.omittedRowCount).toBe(2)
  })

  it('should show the household every column of its own rows with ID, phone and bank numbers masked', () => {
    const table = presentTableRows(dibao, [minorRow], { audience: 'household', asOf: '2026-07-01' })
    expect(table.omittedRowCount).toBe(0)
    expect(table.rows[0]).toEqual({
      name: '李小明',
      household_size: 3,
      amount: 68000,
      group: '第二组',
      id_number: '360***********0019',
      household_no: '0012',
      bank_account: '************7894',
      phone: '138****5678',
    })
  })

  it('should never put a full ID, phone or bank number in any presented table of the catalog', () => {
    const schemas = [
      'social-assistance.dibao.review',
      'social-assistance.dibao.approval',
      'social-assistance.temporary.approval',
      'agricultural-subsidies.cultivated-land-protection',
      'disaster-relief.relief-recipients',
      'village-finance.expense',
      'village-affairs.work-allowance',
    ].map((id) => findCatalogItem(id)?.table)
    const cell = fc.oneof(
      sensitive,
      fc.string({ maxLength: 8 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.constant(null),
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...schemas),
        fc.array(
          fc.dictionary(
            fc.constantFrom(
              'name',
              'id_number',
              'phone',
              'bank_account',
              'remark',
              'reason',
              'payee',
              'group',
            ),
            cell,
          ),
          { maxLength: 4 },
        ),
        fc.constantFrom('public' as const, 'household' as const),
        (schema, rows, audience) => {
          if (!schema) throw new Error('schema missing')
          const presented = presentTableRows(schema, rows, { audience, asOf: '2026-07-01' })
          expect(findSensitiveNumbers(JSON.stringify(presented))).toEqual([])
        },
      ),
      { numRuns: 300 },
    )
  })
})
