import { describe, expect, it } from 'vitest'
import { checkValue, keyType } from '@cunwu/wechat-sim'
import { fitTemplateData, fitValue, keyTypeOf, truncateGraphemes } from './wechat-subscribe-values'

/** Strings that break naive truncation: astral emoji, ZWJ families, flags, combining marks, controls. */
const tricky = [
  '2024年第三季度村级财务收支公开明细表（含附件说明）',
  '👨‍👩‍👧‍👦'.repeat(6),
  '🇨🇳🇨🇳🇨🇳🇨🇳🇨🇳🇨🇳🇨🇳🇨🇳🇨🇳🇨🇳🇨🇳',
  'e\u0301'.repeat(15),
  '第一行\n第二行\r\n\t第三行\u0000结束',
  '𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋𠀌𠀍𠀎𠀏𠀐𠀑𠀒𠀓𠀔',
  'a'.repeat(19) + '😀',
  'a'.repeat(20) + '😀',
  '低保 名单 已 公 示 啦 abc',
  'ＡＢＣ１２３　全角',
]

function randomText(seed: number, length: number): string {
  const pool = [
    '村',
    '务',
    '公',
    '开',
    'a',
    'Z',
    '9',
    ' ',
    '\n',
    '😀',
    '👍🏽',
    'é',
    'e\u0301',
    '，',
    '𠀀',
    '\u200d',
    '🇨🇳',
    '-',
    '~',
  ]
  let x = seed
  let out = ''
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    out += pool[x % pool.length]
  }
  return out
}

describe('fitValue', () => {
  it('should produce thing values the simulator accepts, for tricky and random text', () => {
    const inputs = [...tricky, ...Array.from({ length: 300 }, (_, i) => randomText(i + 1, (i % 40) + 1))]
    for (const text of inputs) {
      const fitted = fitValue('thing', text)
      if (!fitted.ok) {
        expect(text.replace(/[\p{Cc}\s]/gu, '')).toBe('')
        continue
      }
      expect(checkValue('thing', fitted.value), JSON.stringify(text)).toBeUndefined()
    }
  })

  it('should never split a grapheme when truncating', () => {
    const family = '👨‍👩‍👧‍👦'
    const cut = truncateGraphemes(family.repeat(6), 20)
    expect([...cut].length).toBeLessThanOrEqual(20)
    expect(cut.replace('…', '').split(family).join('')).toBe('')
    const accents = truncateGraphemes('e\u0301'.repeat(15), 20)
    expect(accents.endsWith('\u0301…')).toBe(true)
  })

  it('should keep short text as it is and mark cut text with an ellipsis', () => {
    expect(fitValue('thing', '低保名单')).toEqual({ ok: true, value: '低保名单' })
    const long = fitValue('thing', tricky[0] ?? '')
    expect(long.ok && [...long.value].length).toBe(20)
    expect(long.ok && long.value.endsWith('…')).toBe(true)
  })

  it('should fit phrases to at most five 汉字 and refuse a phrase without any', () => {
    expect(fitValue('phrase', '已公示')).toEqual({ ok: true, value: '已公示' })
    expect(fitValue('phrase', '已经 公示 完毕了!')).toEqual({ ok: true, value: '已经公示完' })
    expect(fitValue('phrase', 'done')).toEqual({ ok: false, reason: 'phrase needs 汉字' })
    for (const text of tricky) {
      const fitted = fitValue('phrase', text)
      if (fitted.ok) expect(checkValue('phrase', fitted.value)).toBeUndefined()
    }
  })

  it('should format times and dates in China time', () => {
    const at = new Date('2024-10-08T01:30:00Z')
    expect(fitValue('time', at)).toEqual({ ok: true, value: '2024-10-08 09:30' })
    expect(fitValue('date', at)).toEqual({ ok: true, value: '2024-10-08' })
    expect(fitValue('date', new Date('2024-12-31T16:30:00Z'))).toEqual({ ok: true, value: '2025-01-01' })
    expect(checkValue('time', '2024-10-08 09:30')).toBeUndefined()
    expect(fitValue('time', 'tomorrow').ok).toBe(false)
    expect(fitValue('date', new Date(Number.NaN)).ok).toBe(false)
  })

  it('should agree with the simulator on every value it accepts, per key type', () => {
    const samples: [string, string][] = [
      ['character_string', 'disclosure.published:abc|v1'],
      ['character_string', '编号 AB-12'],
      ['number', '3.14'],
      ['number', '12a'],
      ['letter', 'Ab c1'],
      ['symbol', '※'],
      ['amount', '¥12.50'],
      ['amount', '12.5元'],
      ['phone_number', '+86 138-0000-0000'],
      ['name', '张三'],
      ['name', 'Li Lei'],
      ['name', '张三abc'],
      ['time', '15:01'],
      ['date', '2019年10月1日'],
      ['date', '2019-10-01 ~ 2019-10-07'],
    ]
    for (const [type, text] of samples) {
      const fitted = fitValue(type, text)
      if (fitted.ok) expect(checkValue(type, fitted.value), `${type} ${text}`).toBeUndefined()
    }
    expect(fitValue('car_number', '赣A12345').ok).toBe(false)
  })
})

describe('fitTemplateData', () => {
  it('should fit every key of a template and name the first key that cannot be fitted', () => {
    const keys = ['thing1', 'thing2', 'date3', 'phrase4']
    const ok = fitTemplateData(keys, {
      thing1: '低保\n名单',
      thing2: '红星村',
      date3: new Date(0),
      phrase4: '已公示',
    })
    expect(ok).toEqual({
      ok: true,
      data: { thing1: '低保 名单', thing2: '红星村', date3: '1970-01-01', phrase4: '已公示' },
    })
    if (ok.ok) for (const [k, v] of Object.entries(ok.data)) expect(checkValue(keyType(k), v)).toBeUndefined()
    expect(
      fitTemplateData(keys, { thing1: 'x', thing2: '\n\t', date3: new Date(0), phrase4: '已公示' }),
    ).toEqual({
      ok: false,
      error: 'thing2: empty',
    })
    expect(fitTemplateData(keys, { thing1: 'x', thing2: 'y', date3: new Date(0) })).toEqual({
      ok: false,
      error: 'phrase4: missing',
    })
  })

  it('should read key types as WeChat does', () => {
    for (const key of ['thing1', 'character_string12', 'phrase4', 'time3'])
      expect(keyTypeOf(key)).toBe(keyType(key))
  })
})
