import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DisclosureCreateSchema, DisclosureUpdateSchema } from '../api/disclosures'
import { figuresToCompare, statementText } from './compared'
import { extractFigure, extractFigures } from './extract'
import { FigureSchema, figureNameKey } from './figure'

describe('extractFigure', () => {
  it('should read the examples of the brief: 每人每月680元 and 每亩 105.5 元', () => {
    expect(extractFigure('今年低保标准为每人每月680元。', '低保标准')).toEqual({
      name: '低保标准',
      value: 680,
      unit: '元/人·月',
    })
    expect(extractFigure('补贴标准：每亩 105.5 元', '补贴标准')).toEqual({
      name: '补贴标准',
      value: 105.5,
      unit: '元/亩',
    })
  })

  it('should take the government unit when the text agrees with it', () => {
    expect(extractFigure('低保标准为每人每月650元', '低保标准', { unit: '元/月' })).toEqual({
      name: '低保标准',
      value: 650,
      unit: '元/月',
    })
    expect(extractFigure('低保标准：680元/人·月', '低保标准', { unit: '元/人/月' })?.unit).toBe('元/人/月')
    expect(extractFigure('低保标准为680元', '低保标准', { unit: '元/月' })?.unit).toBe('元/月')
  })

  it('should keep its own unit when the text contradicts the government unit', () => {
    expect(extractFigure('低保标准为每人每年8160元', '低保标准', { unit: '元/月' })).toEqual({
      name: '低保标准',
      value: 8160,
      unit: '元/人·年',
    })
    expect(extractFigure('补贴标准为每户105元', '补贴标准', { unit: '元/亩' })?.unit).toBe('元/户')
    expect(extractFigure('补贴标准为1.05万元', '补贴标准', { unit: '元' })?.unit).toBe('万元')
  })

  it('should normalise full-width digits, punctuation and spaces, also inside the name', () => {
    expect(extractFigure('低保　标准：每人每月６８０元', '低保标准')?.value).toBe(680)
    expect(extractFigure('低保标准为 1,200.50 元/月', '低保标准')).toEqual({
      name: '低保标准',
      value: '1200.50',
      unit: '元/月',
    })
    expect(extractFigure('低保标准为¥680', '低保标准')?.unit).toBe('元')
  })

  it('should read the value after 提高到 and skip a change amount', () => {
    expect(extractFigure('低保标准由原来的650元提高到680元', '低保标准')?.value).toBe(680)
    expect(extractFigure('低保标准从去年的每人每月650元调整为每人每月680元', '低保标准')?.value).toBe(680)
    expect(extractFigure('低保标准比去年提高50元，具体见县里文件。', '低保标准')).toBeNull()
  })

  it('should not read dates, document numbers or ordinal numbers as the figure', () => {
    expect(extractFigure('低保标准自2026年7月1日起为每人每月680元', '低保标准')?.value).toBe(680)
    expect(extractFigure('低保标准按民发〔2021〕57号文件执行', '低保标准')).toBeNull()
    expect(extractFigure('低保标准见第3条', '低保标准')).toBeNull()
    expect(extractFigure('低保标准按照3类执行', '低保标准')).toBeNull()
  })

  it('should read a unitless number only right after 为, 是 or a colon', () => {
    expect(extractFigure('低保标准：680', '低保标准')).toEqual({ name: '低保标准', value: 680 })
    expect(extractFigure('低保标准是680', '低保标准', { unit: '元/月' })).toEqual({
      name: '低保标准',
      value: 680,
      unit: '元/月',
    })
  })

  it('should stop at the end of the clause', () => {
    expect(extractFigure('低保标准按县里规定执行，本村共有12户', '低保标准')).toBeNull()
    expect(extractFigure('低保标准按县里规定执行。全村680元', '低保标准')).toBeNull()
  })

  it('should return null when the name is not mentioned or stated without a value', () => {
    expect(extractFigure('本村低保对象名单如下', '低保标准')).toBeNull()
    expect(extractFigure('关于调整低保标准的说明', '低保标准')).toBeNull()
    expect(extractFigure('低保标准为每人每月680元', '   ')).toBeNull()
  })

  it('should skip mentions of an earlier value and read the current one', () => {
    expect(extractFigure('原低保标准为650元，现低保标准为680元', '低保标准')?.value).toBe(680)
  })

  it('should read nothing when mentions state different values or several at once', () => {
    expect(extractFigure('低保标准为680元。另据通知，低保标准为700元。', '低保标准')).toBeNull()
    expect(extractFigure('低保标准和特困供养标准分别为680元、900元', '低保标准')).toBeNull()
    // The same value stated twice is not ambiguous.
    expect(
      extractFigure('低保标准为680元。重申：低保标准为680元/月', '低保标准', { unit: '元/月' })?.value,
    ).toBe(680)
  })

  it('should not take a mention inside a longer name of another figure', () => {
    const text = '城市低保标准为每人每月900元，农村低保标准为每人每月680元'
    expect(extractFigure(text, '低保标准', { otherNames: ['城市低保标准'] })?.value).toBe(680)
    expect(extractFigure(text, '城市低保标准', { otherNames: ['低保标准'] })?.value).toBe(900)
    // Without knowing the longer name, two different values are ambiguous.
    expect(extractFigure(text, '低保标准')).toBeNull()
  })
})

describe('extractFigures', () => {
  it('should read each wanted name once, leaving out names not stated', () => {
    const text = '低保标准为每人每月680元；特困供养标准：每人每月900元。临时救助按规定执行。'
    expect(
      extractFigures(text, [
        { name: '低保标准', unit: '元/月' },
        { name: '特困供养标准', unit: '元/月' },
        { name: '临时救助标准' },
        { name: '低保标准', unit: '元/月' },
      ]),
    ).toEqual([
      { name: '低保标准', value: 680, unit: '元/月' },
      { name: '特困供养标准', value: 900, unit: '元/月' },
    ])
  })

  it('should never throw and only return wanted names (any text)', () => {
    const names = ['低保标准', '补贴标准', 'A标准']
    const piece = fc.constantFrom(
      ...names,
      '为',
      '：',
      '每人',
      '每月',
      '680',
      '105.5',
      '1,200',
      '元',
      '/亩',
      '·月',
      '，',
      '。',
    )
    const fragments = fc.constantFrom(
      '提高到',
      '原',
      '分别',
      '¥',
      '〔2021〕',
      '年',
      ' ',
      '\n',
      '（',
      '）',
      '%',
      '第',
    )
    const text = fc.oneof(
      fc.array(fc.oneof(piece, fragments), { maxLength: 30 }).map((parts) => parts.join('')),
      fc.string({ unit: 'binary', maxLength: 200 }),
    )
    fc.assert(
      fc.property(text, (text) => {
        const found = extractFigures(
          text,
          names.map((name) => ({ name })),
        )
        expect(found.every((f) => names.includes(f.name))).toBe(true)
        for (const f of found) expect(FigureSchema.safeParse(f).success).toBe(true)
      }),
    )
    // Thousands of generated texts: seconds on a busy machine, past vitest's default 5 s.
  }, 30_000)

  it('should read back any amount written in the usual forms (property)', () => {
    const amount = fc
      .tuple(
        fc.integer({ min: 1, max: 999_999 }),
        fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
      )
      .map(([units, cents]) =>
        cents === undefined ? String(units) : `${units}.${String(cents).padStart(2, '0')}`,
      )
    const connector = fc.constantFrom('为', '：', ':', '是', '调整为', ' 为 ', '由100元提高到')
    const per = fc.constantFrom('', '每人每月', '每月', '每亩', '每户每年')
    const unit = fc.constantFrom('元', ' 元', '元/月', '元/人·月')
    const filler = fc.constantFrom('', '经研究，', '根据县民政局通知，', '2026年')
    const tail = fc.constantFrom('', '。', '，请相互转告。', '（含）')
    fc.assert(
      fc.property(filler, connector, per, amount, unit, tail, (f, c, p, a, u, t) => {
        const text = `${f}低保标准${c}${p}${a}${u}${t}`
        const read = extractFigure(text, '低保标准')
        expect(read).not.toBeNull()
        expect(Number(read?.value)).toBe(Number(a))
        expect(read?.unit?.startsWith('元')).toBe(true)
      }),
    )
  })
})

describe('figuresToCompare', () => {
  const government = [
    { name: '低保标准', value: 680, unit: '元/月' },
    { name: '特困供养标准', value: 900, unit: '元/月' },
  ]

  it('should compare figures read from the body with the government ones of the same name only', () => {
    const pair = figuresToCompare({ body: '本村低保标准为每人每月650元。', interpretation: null }, government)
    expect(pair).toEqual({
      village: [{ name: '低保标准', value: 650, unit: '元/月' }],
      government: [{ name: '低保标准', value: 680, unit: '元/月' }],
    })
  })

  it('should let an entered figure win over one read from the text', () => {
    const pair = figuresToCompare(
      { figures: [{ name: '低保 标准', value: '680', unit: '元/月' }], body: '低保标准为每人每月650元' },
      government,
    )
    expect(pair.village).toEqual([{ name: '低保 标准', value: '680', unit: '元/月' }])
    expect(pair.government).toEqual([government[0]])
  })

  it('should read a figure from a Q&A, the question naming it and the answer stating it', () => {
    const source = { body: '', interpretation: { qa: [{ q: '特困供养标准是多少？', a: '每人每月900元。' }] } }
    expect(statementText(source)).toBe('\n特困供养标准是多少 每人每月900元。')
    expect(figuresToCompare(source, government).village).toEqual([
      { name: '特困供养标准', value: 900, unit: '元/月' },
    ])
  })

  it('should compare nothing a side is silent about: no discrepancy for silence (property)', () => {
    const body = fc.constantFrom('', '以下家庭享受低保。', '低保标准按县里规定执行。', '关于低保标准的公示')
    fc.assert(
      fc.property(body, (b) => {
        expect(figuresToCompare({ body: b }, government)).toEqual({ village: [], government: [] })
      }),
    )
    expect(figuresToCompare({ figures: [{ name: '村集体收入', value: 5 }], body: '' }, government)).toEqual({
      village: [],
      government: [],
    })
    expect(figuresToCompare({ figures: [{ name: '低保标准', value: 5 }], body: '' }, []).village).toEqual([])
  })

  it('should pair names as the comparison does (full-width, spaces, case)', () => {
    expect(figureNameKey(' ａ 标准\u200b ')).toBe('A标准')
    const pair = figuresToCompare({ figures: [{ name: 'ａ标准', value: 1 }], body: '' }, [
      { name: 'A 标准', value: 1 },
    ])
    expect(pair.government).toHaveLength(1)
  })
})

describe('figures in the disclosure schemas', () => {
  const base = { catalogItemId: 'x.y', period: '2026-07', title: '低保名单' }

  it('should accept up to 20 figures and refuse an empty name, a 41-character value or 21 figures', () => {
    expect(
      DisclosureCreateSchema.parse({ ...base, figures: [{ name: '低保标准', value: 680, unit: '元/月' }] })
        .figures,
    ).toHaveLength(1)
    expect(DisclosureCreateSchema.parse(base).figures).toBeUndefined()
    expect(DisclosureUpdateSchema.safeParse({ figures: [{ name: ' ', value: 1 }] }).success).toBe(false)
    expect(
      DisclosureUpdateSchema.safeParse({ figures: [{ name: '标准', value: 'x'.repeat(41) }] }).success,
    ).toBe(false)
    expect(
      DisclosureUpdateSchema.safeParse({ figures: [{ name: '标准', value: 'x'.repeat(40) }] }).success,
    ).toBe(true)
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `标准${i}`, value: i }))
    expect(DisclosureUpdateSchema.safeParse({ figures: many }).success).toBe(false)
  })
})
