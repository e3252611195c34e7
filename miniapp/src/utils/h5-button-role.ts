// Taro's H5 <Button> renders a <taro-button-core> custom element with no button role and no keyboard focus, so
// a screen reader does not announce it as a button and a keyboard cannot reach it (docs/miniapp.md). WeChat's own
// <button> has both. In the H5 build this gives every Taro button role="button", a tab stop and aria-disabled,
// and lets Enter and Space press it, as a native button does.
const TAG = 'taro-button-core'

/** Whether Taro rendered the button disabled (the attribute is omitted or "false" otherwise). */
function isDisabled(el: Element): boolean {
  const value = el.getAttribute('disabled')
  return value !== null && value !== 'false'
}

/** Gives one Taro button the semantics of a native one; leaves roles and tab stops a page set itself. */
export function markButton(el: Element): void {
  if (!el.hasAttribute('role')) el.setAttribute('role', 'button')
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0')
  el.setAttribute('aria-disabled', String(isDisabled(el)))
}

function markWithin(node: Node): void {
  if (!(node instanceof Element)) return
  if (node.localName === TAG) markButton(node)
  node.querySelectorAll(TAG).forEach(markButton)
}

/** Enter or Space on a focused Taro button clicks it, unless it is disabled. */
function pressOnKey(event: KeyboardEvent): void {
  if (event.key !== 'Enter' && event.key !== ' ') return
  const target = event.target
  if (!(target instanceof HTMLElement) || target.localName !== TAG || isDisabled(target)) return
  event.preventDefault()
  target.click()
}

/**
 * Marks the Taro buttons on the page now and whenever pages add or re-render them. Answers a function that
 * undoes the installation (for tests).
 */
export function installButtonRoles(root: HTMLElement = document.body): () => void {
  markWithin(root)
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') markWithin(record.target)
      else record.addedNodes.forEach(markWithin)
    }
  })
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] })
  root.addEventListener('keydown', pressOnKey)
  return () => {
    observer.disconnect()
    root.removeEventListener('keydown', pressOnKey)
  }
}
