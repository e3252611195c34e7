import appConfig from './app.config'
import { Routes, appPages, pageUrl, readQueryParam } from './routes'

describe('appPages', () => {
  it('should register every route exactly once, and app.config.ts should take its lists from here', () => {
    const { pages, subPackages } = appPages()
    const registered = [
      ...pages.map((page) => `/${page}`),
      ...subPackages.flatMap((pkg) => pkg.pages.map((page) => `/${pkg.root}/${page}`)),
    ]
    expect([...registered].sort()).toEqual(Object.values(Routes).sort())
    expect(new Set(registered).size).toBe(registered.length)
    expect(appConfig.pages).toEqual(pages)
    expect(appConfig.subPackages).toEqual(subPackages)
  })

  it('should open the app on the home page', () => {
    expect(appPages().pages[0]).toBe(Routes.Home.slice(1))
  })

  it('should keep role features out of the main package, each role folder a subpackage', () => {
    const { pages, subPackages } = appPages()
    expect(pages.every((page) => page.startsWith('pages/'))).toBe(true)
    expect(subPackages.map((p) => p.root)).toEqual([
      'secretary',
      'township',
      'staff',
      'me',
      'alignment',
      'admin',
      'pay',
      'decide',
      'ask',
      'guides',
    ])
    expect(subPackages.find((p) => p.root === 'pay')?.pages).toContain('my-charges/index')
  })
})

describe('pageUrl', () => {
  it('should encode values and leave out empty ones', () => {
    expect(pageUrl(Routes.About, { version: '1.0.0+村', other: undefined, empty: '' })).toBe(
      '/pages/about/index?version=1.0.0%2B%E6%9D%91',
    )
    expect(pageUrl(Routes.About)).toBe('/pages/about/index')
  })
})

describe('readQueryParam', () => {
  it('should decode encoded values and keep malformed ones as they are', () => {
    expect(readQueryParam('1.0.0%2B%E6%9D%91')).toBe('1.0.0+村')
    expect(readQueryParam('100%')).toBe('100%')
    expect(readQueryParam('')).toBeUndefined()
    expect(readQueryParam(undefined)).toBeUndefined()
  })
})
