// Taro's H5 <Button> renders a <taro-button-core> custom element with no button role and no keyboard focus, so
// a screen reader does not announce it as a button and a keyboard cannot reach it (docs/miniapp.md). WeChat's own
// <button> has both. In the H5 build this gives every Taro button role="button", a tab stop and aria-disabled,
// and lets Enter and Space press it, as a native button does.
//
// Pages also draw links and choices as Views with a role (a disclosure card's title is role="link", an answer
// option role="radio"): a View is a <taro-view-core>, which has no tab stop and does nothing on a key. Those get
// a tab stop here too, and the keys their role calls for (WAI-ARIA Authoring Practices: Enter follows a link;
// Enter and Space press a button, Space checks a radio or a checkbox).
const TAG = 'taro-button-core'

/** Roles of elements drawn as Views that a keyboard must reach and press. */
const KEY_ROLES = ['link', 'button', 'radio', 'checkbox', 'switch', 'tab']
const KEY_ROLE_SELECTOR = KEY_ROLES.map((r) => `[role="${r}"]`).join(', ')

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

/** Gives an element a page drew with a link or control role a tab stop, unless it has one. */
function markRoleElement(el: Element): void {
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0')
}

function markWithin(node: Node): void {
  if (!(node instanceof Element)) return
  if (node.localName === TAG) markButton(node)
  else if (node.matches(KEY_ROLE_SELECTOR)) markRoleElement(node)
  node.querySelectorAll(TAG).forEach(markButton)
  node.querySelectorAll(KEY_ROLE_SELECTOR).forEach((el) => {
    if (el.localName !== TAG) markRoleElement(el)
  })
}

/** Whether a key presses an element of this role (Enter follows a link; Space does not). */
function pressesRole(role: string | null, key: string): boolean {
  if (role === null || !KEY_ROLES.includes(role)) return false
  if (key === 'Enter') return role !== 'radio' && role !== 'checkbox'
  return role !== 'link'
}

/**
 * Enter and Space on a focused Taro button click it, unless it is disabled; on an element with a link or control
 * role they click it as its role calls for (Enter on a link, Enter or Space on a button, Space on a radio).
 */
function pressOnKey(event: KeyboardEvent): void {
  if (event.key !== 'Enter' && event.key !== ' ') return
  const target = event.target
  if (!(target instanceof HTMLElement)) return
  if (target.localName === TAG) {
    if (isDisabled(target)) return
  } else if (
    !pressesRole(target.getAttribute('role'), event.key) ||
    target.getAttribute('aria-disabled') === 'true'
  ) {
    return
  }
  event.preventDefault()
  target.click()
}

/**
 * Marks the Taro buttons and the role-bearing Views on the page now and whenever pages add or re-render them.
 * Answers a function that undoes the installation (for tests).
 */
export function installButtonRoles(root: HTMLElement = document.body): () => void {
  markWithin(root)
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') markWithin(record.target)
      else record.addedNodes.forEach(markWithin)
    }
  })
  observer.observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['disabled', 'role'],
  })
  root.addEventListener('keydown', pressOnKey)
  return () => {
    observer.disconnect()
    root.removeEventListener('keydown', pressOnKey)
  }
}
