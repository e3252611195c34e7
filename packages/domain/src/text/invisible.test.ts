import { describe, expect, it } from 'vitest'
import { findSensitiveNumbers } from '../privacy/scan'
import { hasLoneSurrogate, stripInvisible } from './invisible'

describe('stripInvisible', () => {
  it('removes every character that shows nothing, Unicode’s whole default-ignorable class included', () => {
    // Tag space, variation selector 17, interlinear annotation, shorthand format, musical formatting, Mongolian
    // vowel separator, braille blank, Hangul filler, soft hyphen, LRM, NUL, DEL.
    const marks = ['\u{E0020}', '\u{E0100}', '\uFFF9', '\u{1BCA0}', '\u{1D173}', '\u180F', '\u2800', '\u3164']
    for (const m of [...marks, '\u00AD', '\u200E', '\u0000', '\u007F']) {
      expect(stripInvisible(`低${m}保${m}${m}`)).toBe('低保')
      expect(stripInvisible(m.repeat(5))).toBe('')
    }
    // Tabs and line breaks are text.
    expect(stripInvisible('第一行\n\t第二行\r\n')).toBe('第一行\n\t第二行\r\n')
  })

  it('keeps the joiners that make an emoji, and removes them between digits', () => {
    const emoji = '👨‍👩‍👧 家庭补贴 ❤️ 🏳️‍🌈 1️⃣ 👍🏽'
    expect(stripInvisible(emoji)).toBe(emoji)
    expect(stripInvisible('1\uFE0F3\u200D9')).toBe('139')
    expect(stripInvisible('王\u200D建国')).toBe('王建国')
  })

  it('leaves no number the scrubber cannot find', () => {
    for (const m of ['\u{E0020}', '\u{E0100}', '\uFFF9', '\u{1D173}', '\u180F']) {
      expect(findSensitiveNumbers(`电话138${m}1234${m}5678`)).toHaveLength(1)
    }
  })

  it('tells a lone surrogate from a pair', () => {
    expect(hasLoneSurrogate('a\uD800')).toBe(true)
    expect(hasLoneSurrogate('\uDC00b')).toBe(true)
    expect(hasLoneSurrogate('😀')).toBe(false)
  })
})
