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
    expect(() => loadConfig(production)).toThrow(/PUBLIC_BASE_URL: 生产环境必须设置/)
    expect(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'http://cunwu.example.cn' })).toThrow(
      /PUBLIC_BASE_URL: 生产环境应以 https:\/\/ 开头/,
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

  it('should take a TCP port for the embedded engine only when given, and only without MONGODB_URI', () => {
    expect(loadConfig({}).DATABASE_PORT).toBeUndefined()
    expect(loadConfig({ DATABASE_PORT: '0' }).DATABASE_PORT).toBe(0)
    expect(loadConfig({ DATABASE_PORT: '27017' }).DATABASE_PORT).toBe(27017)
    for (const bad of ['-1', '65536', '0x50', 'tcp', ' 1'])
      expect(() => loadConfig({ DATABASE_PORT: bad }), bad).toThrow(
        /DATABASE_PORT: 应为 0 到 65535 之间的整数/,
      )
    expect(() => loadConfig({ DATABASE_PORT: '0', MONGODB_URI: 'mongodb://db.example:27017' })).toThrow(
      'DATABASE_PORT: 只用于内置数据库；设置了 MONGODB_URI 时请删去',
    )
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

  it('should refuse blank, hex, exponent and fractional numbers instead of reading them as 0 or as another number', () => {
    const cases: [string, string][] = [
      ['PORT', ' '],
      ['RATE_LIMIT_AUTH_PER_IP', ' '],
      ['RATE_LIMIT_AUTH_PER_IP', '\t'],
      ['PORT', '0x1F90'],
      ['PORT', '1e3'],
      ['WORKERS', '2.0'],
      ['PORT', '+80'],
      ['PORT', ' 80'],
      ['OUTBOX_RATE_PER_SECOND', '1e2'],
    ]
    for (const [key, value] of cases)
      expect(() => loadConfig({ [key]: value }), `${key}=${JSON.stringify(value)}`).toThrow(
        new RegExp(`${key}: `),
      )
    expect(
      loadConfig({ PORT: '8080', OUTBOX_RATE_PER_SECOND: '2.5', RATE_LIMIT_AUTH_PER_IP: '0' }),
    ).toMatchObject({
      PORT: 8080,
      OUTBOX_RATE_PER_SECOND: 2.5,
      RATE_LIMIT_AUTH_PER_IP: 0,
    })
  })

  it('should list the production rules together with the variables that failed their own check', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: 'abc', PUBLIC_BASE_URL: 'http://x.cn' })
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'JWT_SECRET',
      'PORT',
      'PUBLIC_BASE_URL',
      'WECHAT_MODE',
    ])
    const secret = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short', PUBLIC_BASE_URL: 'http://x.cn' })
    expect(secret.map((p) => p.split(':')[0]).sort()).toEqual([
      'JWT_SECRET',
      'PUBLIC_BASE_URL',
      'WECHAT_MODE',
    ])
  })

  it('should refuse values that cannot work', () => {
    const cases: [string, string][] = [
      ['HOST', ' '],
      ['DATA_DIR', '  '],
      ['STATIC_DIR', '/nonexistent/cunwu-h5'],
      ['CORS_ORIGINS', '*'],
      ['CORS_ORIGINS', 'not a url'],
      ['CORS_ORIGINS', 'https://h5.example.cn/'],
      ['CORS_ORIGINS', 'https://h5.example.cn,ftp://x.cn'],
      ['WECHAT_PAY_NOTIFY_BASE', 'ftp://x'],
      ['WECHAT_API_BASE', 'javascript:alert(1)'],
      ['WECHAT_PAY_BASE', 'file:///etc/passwd'],
      ['JWT_SECRET', ' '.repeat(32)],
      ['JWT_SECRET', `${' '.repeat(31)}x`],
    ]
    for (const [key, value] of cases)
      expect(() => loadConfig({ [key]: value }), `${key}=${JSON.stringify(value)}`).toThrow(
        new RegExp(`${key}: `),
      )
    expect(
      loadConfig({ CORS_ORIGINS: 'https://h5.example.cn, http://localhost:10086' }).CORS_ORIGINS,
    ).toEqual(['https://h5.example.cn', 'http://localhost:10086'])
    expect(loadConfig({ STATIC_DIR: '' }).STATIC_DIR).toBe('')
    expect(loadConfig({ STATIC_DIR: import.meta.dirname }).STATIC_DIR).toBe(import.meta.dirname)
  })

  it('should say in Chinese what is wrong, naming the allowed values', () => {
    const problems = problemsOf({
      LOG_LEVEL: 'INFO',
      NODE_ENV: 'prod',
      TRUST_PROXY: 'yes',
      MONGODB_URI: 'http://x',
      WORKERS: '0',
      DATABASE_PROCESS: 'inline',
      WECHAT_MODE: 'real',
    })
    expect(problems).toContain('LOG_LEVEL: 应为以下之一：fatal、error、warn、info、debug、trace、silent')
    expect(problems).toContain('NODE_ENV: 应为以下之一：development、test、production')
    expect(problems).toContain('TRUST_PROXY: 应为 true、false、1 或 0')
    expect(problems).toContain('WORKERS: 应为 1 到 64 之间的整数（十进制数字）')
    for (const p of problems)
      expect(p, p).not.toMatch(/: [^:]*\b(must|required|needs|only|expected|invalid)\b/i)
    for (const p of problems) expect(p.slice(p.indexOf(':')), p).toMatch(/[\u4e00-\u9fff]/)
  })
})

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}
