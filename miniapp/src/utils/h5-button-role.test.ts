import { installButtonRoles } from './h5-button-role'

/** Lets the MutationObserver deliver its records. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function taroButton(text: string, attributes: Record<string, string> = {}): HTMLElement {
  const el = document.createElement('taro-button-core')
  el.textContent = text
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value)
  return el
}

describe('installButtonRoles', () => {
  let uninstall: () => void = () => {}
  afterEach(() => {
    uninstall()
    document.body.innerHTML = ''
  })

  it('should give Taro buttons present and added later a button role and a tab stop', async () => {
    document.body.append(taroButton('登录'))
    uninstall = installButtonRoles()
    const page = document.createElement('div')
    page.append(taroButton('通过'), taroButton('不通过'))
    document.body.append(page)
    await settle()
    const buttons = [...document.querySelectorAll('taro-button-core')]
    expect(buttons.map((b) => [b.getAttribute('role'), b.getAttribute('tabindex')])).toEqual([
      ['button', '0'],
      ['button', '0'],
      ['button', '0'],
    ])
  })

  it('should press a button on Enter and Space, but not when it is disabled', async () => {
    uninstall = installButtonRoles()
    const approve = taroButton('通过')
    const busy = taroButton('正在处理…', { disabled: '' })
    document.body.append(approve, busy)
    await settle()
    const clicks: string[] = []
    approve.addEventListener('click', () => clicks.push('approve'))
    busy.addEventListener('click', () => clicks.push('busy'))
    for (const key of ['Enter', ' ', 'a']) {
      approve.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
      busy.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    }
    expect(clicks).toEqual(['approve', 'approve'])
    expect(busy.getAttribute('aria-disabled')).toBe('true')
    expect(approve.getAttribute('aria-disabled')).toBe('false')
  })

  it('should follow the disabled attribute as it changes, and keep a role a page set itself', async () => {
    uninstall = installButtonRoles()
    const tab = taroButton('待审核', { role: 'tab' })
    document.body.append(tab)
    await settle()
    tab.setAttribute('disabled', 'true')
    await settle()
    expect(tab.getAttribute('role')).toBe('tab')
    expect(tab.getAttribute('aria-disabled')).toBe('true')
    tab.setAttribute('disabled', 'false')
    await settle()
    expect(tab.getAttribute('aria-disabled')).toBe('false')
  })

  it('should give Views drawn as links and choices a tab stop, and press them with the keys their role calls for', async () => {
    uninstall = installButtonRoles()
    const view = (role: string, attributes: Record<string, string> = {}) => {
      const el = document.createElement('taro-view-core')
      el.setAttribute('role', role)
      for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value)
      return el
    }
    const link = view('link')
    const radio = view('radio')
    const off = view('button', { 'aria-disabled': 'true' })
    const own = view('link', { tabindex: '-1' })
    const plain = document.createElement('taro-view-core')
    document.body.append(link, radio, off, own, plain)
    await settle()
    expect([link, radio, off, own, plain].map((el) => el.getAttribute('tabindex'))).toEqual([
      '0',
      '0',
      '0',
      '-1',
      null,
    ])
    // A card's title that becomes a link after it was drawn gets its tab stop too.
    plain.setAttribute('role', 'link')
    await settle()
    expect(plain.getAttribute('tabindex')).toBe('0')

    const clicks: string[] = []
    for (const [name, el] of Object.entries({ link, radio, off }))
      el.addEventListener('click', () => clicks.push(name))
    for (const key of ['Enter', ' ', 'a']) {
      for (const el of [link, radio, off])
        el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    }
    // Enter follows the link; Space checks the radio; the disabled button does nothing.
    expect(clicks).toEqual(['link', 'radio'])
  })
})
