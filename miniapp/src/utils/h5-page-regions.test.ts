import { installPageRegions } from './h5-page-regions'

/** Lets the MutationObserver deliver its records. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function page(className = 'taro_page'): HTMLElement {
  const el = document.createElement('div')
  el.className = className
  return el
}

describe('installPageRegions', () => {
  let uninstall: () => void = () => {}
  afterEach(() => {
    uninstall()
    document.body.innerHTML = ''
  })

  it('should give page containers present and added later a tab stop and a name, and leave others alone', async () => {
    document.body.append(page())
    uninstall = installPageRegions()
    const later = page('taro_page taro_page_show')
    const other = page('cw-home')
    const own = page()
    own.setAttribute('aria-label', '首页')
    document.body.append(later, other, own)
    await settle()
    expect(later.getAttribute('tabindex')).toBe('0')
    expect(later.getAttribute('aria-label')).toBe('页面内容')
    expect(document.body.firstElementChild?.getAttribute('tabindex')).toBe('0')
    expect(other.hasAttribute('tabindex')).toBe(false)
    expect(own.getAttribute('aria-label')).toBe('首页')
  })
})
