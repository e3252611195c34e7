import { describe, expect, it } from 'vitest'
import { median, parseBenchWebArgs } from './args'

describe('parseBenchWebArgs', () => {
  it('should default to 3 runs of both pages on Debian Chromium', () => {
    expect(parseBenchWebArgs([])).toEqual({
      runs: 3,
      pages: ['home', 'disclosure'],
      chromePath: '/usr/bin/chromium',
      jsonPath: null,
      h5Dir: null,
    })
  })

  it('should read every option, and CHROMIUM_PATH', () => {
    expect(
      parseBenchWebArgs(['--runs', '5', '--pages', 'disclosure', '--json', 'out.json'], {
        CHROMIUM_PATH: '/x/chrome',
      }),
    ).toEqual({ runs: 5, pages: ['disclosure'], chromePath: '/x/chrome', jsonPath: 'out.json', h5Dir: null })
    expect(parseBenchWebArgs(['--h5', '/tmp/h5']).h5Dir).toBe('/tmp/h5')
    expect(parseBenchWebArgs(['--chrome=/opt/c', '--pages=disclosure,home']).pages).toEqual([
      'home',
      'disclosure',
    ])
  })

  it('should refuse what it does not understand, with the usage line', () => {
    expect(() => parseBenchWebArgs(['--runs', '0'])).toThrow(/--runs must be/)
    expect(() => parseBenchWebArgs(['--runs', 'x'])).toThrow(/usage: npm run bench:web/)
    expect(() => parseBenchWebArgs(['--pages', 'home,admin'])).toThrow(/unknown page\(s\) admin/)
    expect(() => parseBenchWebArgs(['--quick'])).toThrow(/usage: npm run bench:web/)
    expect(() => parseBenchWebArgs(['home'])).toThrow(/usage/)
  })
})

describe('median', () => {
  it('should take the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNaN()
  })
})
