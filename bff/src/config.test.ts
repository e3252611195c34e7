import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

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

  it('should refuse an engine inside the BFF process with several workers', () => {
    expect(loadConfig({ DATABASE_PROCESS: 'inline' }).DATABASE_PROCESS).toBe('inline')
    expect(loadConfig({}).DATABASE_PROCESS).toBe('own')
    expect(() => loadConfig({ DATABASE_PROCESS: 'inline', WORKERS: '2' })).toThrow(/DATABASE_PROCESS/)
    expect(() => loadConfig({ DATABASE_PROCESS: 'separate' })).toThrow(/DATABASE_PROCESS/)
  })
})
