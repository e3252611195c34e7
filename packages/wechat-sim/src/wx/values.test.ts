import { describe, expect, it } from 'vitest'
import { checkValue, keyType } from './values'

describe('keyType', () => {
  it('should strip the trailing number, keeping multi-word types', () => {
    expect(keyType('thing1')).toBe('thing')
    expect(keyType('character_string12')).toBe('character_string')
    expect(keyType('phone_number3')).toBe('phone_number')
    expect(keyType('car_number4')).toBe('car_number')
  })
})

describe('checkValue', () => {
  const ok = (type: string, value: string, enums?: string[]) =>
    expect(checkValue(type, value, enums)).toBeUndefined()
  const bad = (type: string, value: unknown) => expect(checkValue(type, value)).toBe('invalid')

  it('should report empty values as empty', () => {
    expect(checkValue('thing', '')).toBe('empty')
    expect(checkValue('thing', undefined)).toBe('empty')
  })

  it('should limit thing to 20 characters counted as code points', () => {
    ok('thing', '村务公开:2024年第三季度财务')
    ok('thing', '一'.repeat(20))
    bad('thing', '一'.repeat(21))
    ok('thing', '😀'.repeat(20))
    bad('thing', '第一行\n第二行')
    bad('thing', 3)
  })

  it('should accept only up to 5 Chinese characters in phrase', () => {
    ok('phrase', '已公示')
    ok('phrase', '配送中啊啊')
    bad('phrase', '六个汉字啊啊')
    bad('phrase', 'ok')
    bad('phrase', '已 公示')
  })

  it('should check time and date formats including ranges', () => {
    ok('time', '15:01')
    ok('time', '2019-10-01 15:01')
    ok('time', '2019年10月1日 15:01')
    ok('time', '2019-10-01 15:01~2019-10-02 16:00')
    bad('time', '2019-10-01')
    bad('time', '25:00')
    ok('date', '2019年10月1日')
    ok('date', '2019-10-01')
    ok('date', '2019-10-01 15:01')
    ok('date', '2019-10-01~2019-10-07')
    bad('date', '10/01/2019')
    bad('date', '2019-13-01')
  })

  it('should check number, letter, symbol and character_string', () => {
    ok('number', '3')
    ok('number', '3.50')
    bad('number', '3a')
    bad('number', '1'.repeat(33))
    ok('letter', 'abcXYZ')
    bad('letter', 'abc1')
    ok('symbol', '%')
    bad('symbol', '%%%%%%')
    bad('symbol', 'a')
    ok('character_string', 'A-2024-0001')
    bad('character_string', '编号1')
    bad('character_string', 'a'.repeat(33))
  })

  it('should check amount, phone_number, car_number and name', () => {
    ok('amount', '¥100.00')
    ok('amount', '100元')
    ok('amount', '12.5')
    bad('amount', '一百元')
    bad('amount', '12345678901')
    ok('phone_number', '+86 139-0000-1111')
    bad('phone_number', '1390000111122223333')
    ok('car_number', '粤A12345')
    ok('car_number', '粤B1234学')
    bad('car_number', '粤A1234567')
    bad('car_number', 'A粤1234')
    ok('name', '张三')
    ok('name', 'Zhang San')
    bad('name', '欧阳'.repeat(6))
    bad('name', 'a'.repeat(21))
  })

  it('should check enum values against the template and ignore const', () => {
    ok('enum', '已通过', ['已通过', '未通过'])
    expect(checkValue('enum', '待定', ['已通过'])).toBe('invalid')
    ok('const', 'anything')
  })
})
