// Guards the design tokens: stylesheets take colours from _tokens.scss only, and the text colours keep the
// contrast the token file promises (WCAG 2.x 1.4.6, enhanced: at least 7:1 for text, which 长辈模式 needs).
import fs from 'node:fs'
import path from 'node:path'

const srcDir = path.resolve(__dirname, '..')
const tokenFile = path.join(__dirname, '_tokens.scss')

function stylesheets(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return stylesheets(full)
    return entry.name.endsWith('.scss') ? [full] : []
  })
}

/** The colour tokens, by name without the `$cw-color-` prefix. */
function colourTokens(): Map<string, string> {
  const text = fs.readFileSync(tokenFile, 'utf8')
  const tokens = new Map<string, string>()
  for (const m of text.matchAll(/^\$cw-color-([a-z-]+):\s*(#[0-9a-f]{6});/gim))
    tokens.set(m[1] ?? '', m[2] ?? '')
  return tokens
}

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0)
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05)
}

describe('design tokens', () => {
  it('should be the only place a stylesheet writes a hex colour', () => {
    const offenders = stylesheets(srcDir)
      .filter((file) => file !== tokenFile)
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${path.relative(srcDir, file)}:${i + 1}`, line }))
          .filter(({ line }) => !line.trim().startsWith('//') && /#[0-9a-f]{3,8}\b/i.test(line)),
      )
      .map(({ where }) => where)
    expect(offenders).toEqual([])
  })

  it('should keep every text colour at 7:1 or more on the backgrounds it is used on', () => {
    const t = colourTokens()
    // [text colour, background] pairs the stylesheets use.
    const pairs: [string, string][] = [
      ['text', 'page-bg'],
      ['text', 'surface'],
      ['text', 'fill'],
      ['text-secondary', 'page-bg'],
      ['text-secondary', 'surface'],
      ['text-secondary', 'fill-brand'],
      ['text-muted', 'surface'],
      ['text-muted', 'fill-brand'],
      ['neutral', 'surface'],
      ['neutral', 'page-bg'],
      ['brand', 'surface'],
      ['brand', 'brand-light'],
      ['brand', 'fill-brand'],
      ['danger', 'surface'],
      ['danger', 'danger-light'],
      ['warning', 'surface'],
      ['warning', 'warning-light'],
      ['info', 'surface'],
      ['info', 'info-light'],
      ['text-inverse', 'brand'],
      ['text-inverse', 'danger'],
      ['text-inverse', 'info'],
      ['text-inverse', 'neutral'],
      ['text-inverse', 'warning-strong'],
      ['warning', 'fill-brand'],
      ['danger', 'page-bg'],
      ['brand', 'page-bg'],
    ]
    const weak = pairs
      .map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: contrast(t.get(fg) ?? '', t.get(bg) ?? '') }))
      .filter(({ ratio }) => !(ratio >= 7))
    expect(weak).toEqual([])
  })
})
