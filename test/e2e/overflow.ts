import type { Page } from 'playwright-core'

/**
 * What a narrow screen (200% zoom: a 360 px phone is 180 CSS px) must not do: put boxes or lines of text past the
 * screen's right edge, or squeeze a line of text to one character per line.
 */

/** Elements inside `selector` (visible ones) whose right edge is past the screen. */
export async function pastRightEdge(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const width = window.innerWidth
    const out: string[] = []
    for (const root of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (root.getClientRects().length === 0) continue
      for (const el of [root, ...Array.from(root.querySelectorAll<HTMLElement>('*'))]) {
        const r = el.getBoundingClientRect()
        if (r.width > 0 && r.right > width + 1) out.push(`${el.localName}.${el.className} right ${r.right}`)
      }
    }
    return out
  }, selector)
}

/**
 * Text inside `selector` (visible ones) that runs past the screen's right edge, or past the right edge of the
 * element that clips it (`overflow: hidden`): lines of text are measured, not boxes, so a word that overflows its
 * box and a date cut off by its card both count.
 */
export async function textPastEdge(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = []
    for (const root of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (root.getClientRects().length === 0) continue
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? ''
        if (text === '') continue
        let edge = window.innerWidth
        for (let el = node.parentElement; el; el = el.parentElement) {
          if (getComputedStyle(el).overflowX !== 'visible')
            edge = Math.min(edge, el.getBoundingClientRect().right)
        }
        const range = document.createRange()
        range.selectNodeContents(node)
        const right = Math.max(...Array.from(range.getClientRects()).map((r) => r.right))
        if (right > edge + 1)
          out.push(`"${text.slice(0, 30)}" right ${Math.round(right)} > ${Math.round(edge)}`)
      }
    }
    return out
  }, selector)
}

/**
 * Text inside `selector` (visible ones) squeezed to a character or so per line: an element of three lines or more
 * with fewer than two characters a line (a `11 条未读` beside a button that took the row). Answers the texts found.
 */
export async function oneCharacterLines(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = []
    for (const root of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (root.getClientRects().length === 0) continue
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = Array.from((node.textContent ?? '').replace(/\s+/g, '')).length
        const range = document.createRange()
        range.selectNodeContents(node)
        // One rectangle per line (those of a line share its top).
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size
        if (lines >= 3 && lines * 2 > length)
          out.push(`"${(node.textContent ?? '').trim().slice(0, 30)}" on ${lines} lines`)
      }
    }
    return out
  }, selector)
}

/**
 * Boxes and lines of text that stick out of the right edge of the box (each visible match of `selector`, a card)
 * they are drawn in: a title beside a badge that runs past its card's border.
 */
export async function pastOwnBox(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = []
    for (const box of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (box.getClientRects().length === 0) continue
      const edge = box.getBoundingClientRect().right
      for (const el of Array.from(box.querySelectorAll<HTMLElement>('*'))) {
        const r = el.getBoundingClientRect()
        if (r.width > 0 && r.right > edge + 1)
          out.push(`${el.localName}.${el.className} right ${r.right} > ${edge}`)
      }
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange()
        range.selectNodeContents(node)
        const right = Math.max(...Array.from(range.getClientRects()).map((r) => r.right))
        if (right > edge + 1)
          out.push(`"${(node.textContent ?? '').trim().slice(0, 30)}" right ${right} > ${edge}`)
      }
    }
    return out
  }, selector)
}

/** How far the page scrolls sideways: the document's scroll width beyond the viewport's (0 when it does not). */
export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    const widest = Math.max(
      document.scrollingElement?.scrollWidth ?? 0,
      ...Array.from(document.querySelectorAll<HTMLElement>('.cw-page-root')).map((el) => el.scrollWidth),
    )
    return Math.max(0, widest - window.innerWidth)
  })
}

/**
 * Text cut inside `selector` (visible ones): an element that clips its content (overflow other than visible, an
 * ellipsis or a line clamp) while its text is wider or taller than its box (收入明细 · 202…). Answers the texts found.
 */
export async function cutText(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = []
    for (const root of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (root.getClientRects().length === 0) continue
      for (const el of [root, ...Array.from(root.querySelectorAll<HTMLElement>('*'))]) {
        const text = el.textContent?.trim() ?? ''
        if (text === '') continue
        const style = getComputedStyle(el)
        const clips =
          style.overflowX !== 'visible' ||
          style.overflowY !== 'visible' ||
          style.textOverflow === 'ellipsis' ||
          style.getPropertyValue('-webkit-line-clamp') !== 'none'
        if (!clips) continue
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          out.push(
            `"${text.slice(0, 30)}" ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
          )
      }
    }
    return out
  }, selector)
}
