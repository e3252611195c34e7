import { act, render } from '@testing-library/react'
import type { ComponentType } from 'react'
import { Routes } from '@/routes'
import { ELDERLY_CLASS, setElderlyMode } from '@/services/elderly-mode'
import { PAGE_ROOT_CLASS, PageRoot } from './index'

// Lets pending requests settle (the Taro mock's request answers nothing, so pages reach their error or empty states).
const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)))

/** The page component of a route, as Taro loads it: the default export of `<route>.tsx`. */
function pageOf(route: string): ComponentType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a page per route, found from routes.ts
  const mod = require(`../..${route}`) as { default?: ComponentType }
  if (!mod.default) throw new Error(`${route} has no default export`)
  return mod.default
}

/** The class list of what a page rendered outermost, or why it is not one element. */
function rootClasses(container: HTMLElement): string[] | string {
  if (container.childElementCount !== 1) return `${container.childElementCount} root elements`
  return [...(container.firstElementChild?.classList ?? [])]
}

describe('PageRoot', () => {
  // Loading every page's modules is the slow part (seconds on a busy machine): once, before the walk.
  beforeAll(() => {
    for (const route of Object.values(Routes)) pageOf(route)
  }, 120_000)
  afterEach(() => act(() => setElderlyMode(false)))

  it('should carry the page class, pass attributes on, and add 长辈模式 when it is on and only then', async () => {
    const { container } = render(
      <PageRoot className="cw-x" data-id="7" aria-label="页">
        内容
      </PageRoot>,
    )
    const root = container.firstElementChild
    expect([...(root?.classList ?? [])]).toEqual([PAGE_ROOT_CLASS, 'cw-x'])
    expect(root?.getAttribute('data-id')).toBe('7')
    expect(root?.getAttribute('aria-label')).toBe('页')
    await act(async () => setElderlyMode(true))
    expect(root?.classList.contains(ELDERLY_CLASS)).toBe(true)
    await act(async () => setElderlyMode(false))
    expect(root?.classList.contains(ELDERLY_CLASS)).toBe(false)
  })

  // Every page of routes.ts, main package and subpackages: a page added later is walked too.
  describe.each(Object.entries(Routes))('page %s (%s)', (_name, route) => {
    it('should render inside PageRoot, with 长辈模式 on its root, before and after its data arrives', async () => {
      setElderlyMode(true)
      const Page = pageOf(route)
      const { container, unmount } = render(<Page />)
      const before = rootClasses(container)
      await flush()
      const after = rootClasses(container)
      unmount()
      for (const classes of [before, after]) {
        expect(classes).toContain(PAGE_ROOT_CLASS)
        expect(classes).toContain(ELDERLY_CLASS)
      }
    })
  })
})
