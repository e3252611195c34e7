import appConfig from './app.config'
import { Routes, pageUrl, readQueryParam } from './routes'

describe('Routes', () => {
  it('should only name pages that app.config.ts registers', () => {
    const registered = [
      ...(appConfig.pages ?? []).map((page) => `/${page}`),
      ...(appConfig.subPackages ?? []).flatMap((pkg) => pkg.pages.map((page) => `/${pkg.root}/${page}`)),
    ]
    for (const route of Object.values(Routes)) expect(registered).toContain(route)
  })

  it('should keep role features out of the main package', () => {
    expect(Routes.SecretaryApplications.startsWith('/secretary/')).toBe(true)
    expect((appConfig.pages ?? []).some((page) => page.startsWith('secretary/'))).toBe(false)
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
