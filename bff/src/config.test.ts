import { describe, expect, it } from 'vitest'
import { ConfigError, listenBaseUrl, loadConfig } from './config'

describe('loadConfig', () => {
  it('should apply the documented defaults', () => {
    const config = loadConfig({})
    expect(config.PORT).toBe(3000)
    expect(config.HOST).toBe('127.0.0.1')
    expect(config.MONGODB_URI).toBeUndefined()
    expect(config.DATA_DIR).toMatch(/data$/)
  })

  it('should list every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' })
      expect.unreachable('loadConfig should throw')
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const problems = err instanceof ConfigError ? err.problems.join('\n') : ''
      expect(problems).toContain('PORT')
      expect(problems).toContain('MONGODB_URI')
      expect(problems).toContain('LOG_LEVEL')
    }
  })

  it('should treat empty variables as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000)
  })

  it('should require an https PUBLIC_BASE_URL in production and default to the listen address elsewhere', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      ALLOW_WECHAT_SIM_IN_PRODUCTION: 'true',
    }
    expect(() => loadConfig(production)).toThrow(/PUBLIC_BASE_URL: required in production/)
    expect(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'http://cunwu.example.cn' })).toThrow(
      /must be https/,
    )
    expect(loadConfig({ ...production, PUBLIC_BASE_URL: 'https://cunwu.example.cn/' }).PUBLIC_BASE_URL).toBe(
      'https://cunwu.example.cn',
    )
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://x.example/cunwu//' }).PUBLIC_BASE_URL).toBe(
      'https://x.example/cunwu',
    )
    for (const bad of [
      'cunwu.example.cn',
      'ftp://x.example',
      'https://x.example/?a=1',
      'https://u:p@x.example',
    ])
      expect(() => loadConfig({ PUBLIC_BASE_URL: bad }), bad).toThrow(/PUBLIC_BASE_URL/)
    expect(loadConfig({}).PUBLIC_BASE_URL).toBeUndefined()
    expect(listenBaseUrl('127.0.0.1', 3000)).toBe('http://127.0.0.1:3000')
    expect(listenBaseUrl('0.0.0.0', 80)).toBe('http://127.0.0.1:80')
    expect(listenBaseUrl('::1', 3000)).toBe('http://[::1]:3000')
  })

  it('should refuse an engine inside the BFF process with several workers', () => {
    expect(loadConfig({ DATABASE_PROCESS: 'inline' }).DATABASE_PROCESS).toBe('inline')
    expect(loadConfig({}).DATABASE_PROCESS).toBe('own')
    expect(() => loadConfig({ DATABASE_PROCESS: 'inline', WORKERS: '2' })).toThrow(/DATABASE_PROCESS/)
    expect(() => loadConfig({ DATABASE_PROCESS: 'separate' })).toThrow(/DATABASE_PROCESS/)
  })

  it('should refuse the WeChat simulator in production unless ALLOW_WECHAT_SIM_IN_PRODUCTION=true', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'https://cunwu.example.cn',
    }
    expect(() => loadConfig(production)).toThrow(/WECHAT_MODE/)
    expect(() => loadConfig({ ...production, WECHAT_MODE: 'sim' })).toThrow(/ALLOW_WECHAT_SIM_IN_PRODUCTION/)
    expect(loadConfig({ ...production, ALLOW_WECHAT_SIM_IN_PRODUCTION: 'true' }).WECHAT_MODE).toBe('sim')
    const real = { WECHAT_MODE: 'real', WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 's'.repeat(32) }
    expect(loadConfig({ ...production, ...real }).WECHAT_MODE).toBe('real')
    // Outside production the simulator is the default.
    expect(loadConfig({}).WECHAT_MODE).toBe('sim')
  })
})
