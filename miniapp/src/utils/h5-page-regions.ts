// Taro's H5 router puts each page in its own container (`.taro_page`) that scrolls when the page is taller than
// the screen. A keyboard can scroll a region only by focusing it or something inside it, and a page with nothing
// focusable (a text-only page) would then not scroll at all: axe's rule `scrollable-region-focusable`, WCAG 2.1.1
// (https://www.w3.org/TR/WCAG21/#keyboard). This gives every page container a tab stop and a name, as the
// table regions have (docs/miniapp.md, "Tables on phones").
const PAGE_CLASS = 'taro_page'

/** Makes one page container focusable and named, unless the page set its own. */
export function markPage(el: Element): void {
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0')
  if (!el.hasAttribute('aria-label')) el.setAttribute('aria-label', '页面内容')
}

function markWithin(node: Node): void {
  if (!(node instanceof Element)) return
  if (node.classList.contains(PAGE_CLASS)) markPage(node)
  node.querySelectorAll(`.${PAGE_CLASS}`).forEach(markPage)
}

/** Marks the page containers present now and every one the router adds. Answers the undo (for tests). */
export function installPageRegions(root: HTMLElement = document.body): () => void {
  markWithin(root)
  const observer = new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(markWithin)
  })
  observer.observe(root, { childList: true, subtree: true })
  return () => observer.disconnect()
}
