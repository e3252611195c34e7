import { describe, expect, it } from 'vitest'
import { cleanTypedStrings } from './validate'

describe('cleanTypedStrings', () => {
  it('removes characters that show nothing from every string, in place, at any depth', () => {
    const body = {
      title: '低保\u200b名单',
      rows: [{ name: '王\u00ad建国', n: 3 }, ['\u202e139\u20631234']],
      ok: true,
    }
    expect(cleanTypedStrings(body, 'body')).toBeNull()
    expect(body).toEqual({ title: '低保名单', rows: [{ name: '王建国', n: 3 }, ['1391234']], ok: true })
  })

  it('names the first string that holds a lone surrogate', () => {
    expect(cleanTypedStrings({ a: 'ok', b: [{ c: 'x\udc00' }] }, 'body')).toBe('body.b.0.c')
    expect(cleanTypedStrings({ a: 'x\ud800' }, 'query')).toBe('query.a')
    // A well-formed pair (an emoji) is text.
    expect(cleanTypedStrings({ a: '好\ud83d\ude00' }, 'body')).toBeNull()
  })

  it('walks a body nested far deeper than the call stack allows', () => {
    let deep: unknown = 'x\u200b'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(cleanTypedStrings(deep, 'body')).toBeNull()
  })
})
