import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { invisibleCharacter } from './arbitraries-text'
import { chineseNumeralValue } from '../text/chinese-numerals'
import { findMinorDetails, hasMinorDetails, minorDetailsMessage } from './minor-details'

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']
/** 0–99 as Chinese numerals are said (八, 十二, 二十三). */
function chineseAge(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n] ?? ''
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${ones === 0 ? '' : CHINESE_DIGITS[ones]}`
}

describe('findMinorDetails', () => {
  it('should find the tester’s case: a grandson’s name, age and school', () => {
    const found = findMinorDetails('我家低保被取消了，我孙子王小明今年8岁，在云溪小学读二年级，请再核实。')
    expect(found.map((f) => [f.kind, f.text])).toEqual([
      ['child', '孙子'],
      ['age', '8岁'],
      ['school', '小学'],
      ['school', '二年级'],
    ])
    expect(hasMinorDetails('孙子王小明8岁在读，名单无误。')).toBe(true)
  })

  it.each([
    ['她女儿十二周岁', ['女儿', '十二周岁']],
    ['家里有个两岁半的娃娃', ['两岁', '娃娃']],
    ['外孙女刚上幼儿园', ['外孙女', '幼儿园']],
    ['十几岁就辍学了', ['十几岁', '辍学']],
    ['未满18周岁不能领取', ['未满18周岁']],
    ['孩子才3个月大', ['孩子', '3个月大']],
    ['１５岁', ['15岁']],
    ['十七八岁的时候', ['十七八岁']],
    ['今年 7 岁', ['7岁']],
    ['孩子几岁了', ['孩子', '几岁']],
    ['孙\u200B子', ['孙子']],
    ['在镇初中上学', ['初中', '上学']],
    // A re-probe's wordings.
    ['我家二丫头在县一中读高一', ['丫头', '县一中', '高一']],
    ['娃读初一', ['娃', '初一']],
    ['丫头今年中考', ['丫头', '中考']],
    ['他还没成年', ['没成年']],
  ])('should flag %s', (text, words) => {
    expect(findMinorDetails(text).map((f) => f.text)).toEqual(words)
  })

  it.each([
    '户主今年68岁，患有慢性病。',
    '该户2人，标准每月580元。',
    '第3行金额不对，应为18岁以上的成年人。',
    '二十几岁外出打工',
    '三四十岁的劳动力',
    '2026年12月发放',
    // A school alone is a place.
    '路修好了老人出门方便，希望先修学校门口一段',
    '小学旁边的路灯坏了',
    '标准比去年高一点',
    '金额高三倍',
    '',
  ])('should let %s through', (text) => {
    expect(findMinorDetails(text, { currentYear: 2026 })).toEqual([])
  })

  it('should count a birth year as a minor’s only when the current year is given and it is under 18 years back', () => {
    expect(findMinorDetails('2015年出生', { currentYear: 2026 })).toHaveLength(1)
    expect(findMinorDetails('2015年出生')).toHaveLength(0)
    expect(findMinorDetails('1958年出生', { currentYear: 2026 })).toHaveLength(0)
  })

  it('should read Chinese numerals up to 百', () => {
    expect(['八', '十', '十二', '二十三', '一百零五', '两'].map(chineseNumeralValue)).toEqual([
      8, 10, 12, 23, 105, 2,
    ])
    expect(chineseNumeralValue('七八')).toBeNaN()
    expect(chineseNumeralValue('')).toBeNaN()
  })

  it('should say in Chinese which words to remove, each once and at most five', () => {
    const message = minorDetailsMessage(findMinorDetails('孙子8岁，孙子在小学'))
    expect(message).toContain('“孙子”、“8岁”、“小学”')
    expect(message).not.toMatch(/[A-Za-z]/)
  })

  it('should never throw, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        (text) => {
          expect(Array.isArray(findMinorDetails(text, { currentYear: 2026 }))).toBe(true)
        },
      ),
    )
  })

  it('should find an age under 18, in digits or Chinese numerals, wherever it stands', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 0, max: 17 }),
        fc.boolean(),
        fc.constantFrom('岁', '周岁'),
        fc.string(),
        (before, age, digits, unit, after) => {
          const text = `${before}，${digits ? String(age) : chineseAge(age)}${unit}${after}`
          expect(findMinorDetails(text).some((f) => f.kind === 'age')).toBe(true)
        },
      ),
    )
  })

  it('should not take an adult’s age alone for a minor’s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 18, max: 120 }), fc.boolean(), (age, digits) => {
        const text = `户主今年${digits || age > 99 ? String(age) : chineseAge(age)}岁`
        expect(findMinorDetails(text)).toEqual([])
      }),
    )
  })

  it('should not be hidden by invisible characters inside the words', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('孙子', '孙子在小学', '外孙上幼儿园', '8岁', '读三年级'),
        fc.array(invisibleCharacter, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        (words, hidden, at) => {
          const cut = 1 + (at % (words.length - 1))
          expect(hasMinorDetails(`${words.slice(0, cut)}${hidden.join('')}${words.slice(cut)}`)).toBe(true)
        },
      ),
    )
  })
})
