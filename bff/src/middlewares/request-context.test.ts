import { Writable } from 'node:stream'
import pino from 'pino'
import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { buildConfig } from '../config'
import { unavailableDatabase } from '../db'
import { loggedUrl } from './request-context'

describe('loggedUrl', () => {
  it('keeps paths up to 1,024 characters whole and cuts longer ones, noting their length', () => {
    const kept = `/api/v1/regions/${'a'.repeat(1_024 - 16)}`
    expect(kept.length).toBe(1_024)
    expect(loggedUrl(kept)).toBe(kept)
    const cut = loggedUrl(`${kept}${'b'.repeat(15_000)}`)
    expect(cut).toBe(`${kept}…(16024 characters)`)
  })

  it('keeps the names of query parameters but none of their values', () => {
    const search = `/api/v1/search?q=${encodeURIComponent('王建国 360999198001011234')}&regionCode=360999100000`
    expect(loggedUrl(search)).toBe('/api/v1/search?q=…&regionCode=…')
    expect(loggedUrl('/api/v1/question-photos/abc/media?token=secret-token-value')).toBe(
      '/api/v1/question-photos/abc/media?token=…',
    )
    // A parameter name that is not a plain word may itself be typed text.
    expect(loggedUrl(`/api/v1/search?${encodeURIComponent('王建国')}`)).toBe('/api/v1/search?…')
    expect(loggedUrl('/api/v1/feed?')).toBe('/api/v1/feed?')
  })

  it('hides the invite code in an invite path (whoever holds it can join the village)', () => {
    expect(loggedUrl('/api/v1/invites/ABCDEFGHJKLMNPQR/accept')).toBe('/api/v1/invites/…/accept')
    expect(loggedUrl('/api/v1/invites/ABCDEFGHJKLMNPQR/poster.pdf?size=A4')).toBe(
      '/api/v1/invites/…/poster.pdf?size=…',
    )
    expect(loggedUrl('/api/v1/villages/360999100200/invites')).toBe('/api/v1/villages/360999100200/invites')
  })
})

describe('request log line', () => {
  it('should carry no search words, ID numbers or tokens from the URL', async () => {
    let written = ''
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString()
        done()
      },
    })
    const config = buildConfig({ LOG_LEVEL: 'info' })
    const app = createApp({ config, logger: pino({ level: 'info' }, sink), db: unavailableDatabase() })
    const server = app.callback()
    await request(server).get(`/api/v1/search?q=${encodeURIComponent('王建国 360999198001011234')}`)
    await request(server).get(
      '/api/v1/question-photos/6b16aa241894f075fa65d298/media?token=photo-token-secret',
    )
    await request(server).post('/api/v1/invites/ABCDEFGHJKLMNPQR/accept')
    const lines = written.trim().split('\n')
    expect(lines.filter((l) => l.includes('"msg":"request"'))).toHaveLength(3)
    for (const secret of [
      '王建国',
      '%E7%8E%8B',
      '360999198001011234',
      'photo-token-secret',
      'ABCDEFGHJKLMNPQR',
    ])
      expect(written, secret).not.toContain(secret)
    expect(written).toContain('"url":"/api/v1/search?q=…"')
  })
})
