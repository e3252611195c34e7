import { json, type Router, type SimResponse } from '../http/router'
import { controlBody, controlRoute, ControlError } from '../control'
import { isRecord, parseJson, randomHex } from '../util'
import { wxError } from './errors'
import type { TokenStore } from './tokens'
import type { UserRegistry } from './users'

/**
 * The test string WeChat's msgSecCheck documentation gives for trying the check: content containing it is
 * judged risky. The simulator refuses it by default so a client can be tested the documented way.
 */
export const DOCUMENTED_RISKY_TEST_STRING = '特3456书yuuo莞6543李zxcz蒜7782法fgnv级'

/** Longest `content` the v2 text check accepts (characters). */
const MAX_CONTENT = 2500
const SCENES = new Set([1, 2, 3, 4])

/**
 * Simulates `POST /wxa/msg_sec_check` version 2 (security.msgSecCheck): token, openid, scene and content are
 * checked as the real API does; content containing a configured risky word is answered
 * `result.suggest = 'risky'` (label 20001 with the keyword strategy's hit), content containing a configured review
 * word (none by default) `review` (label 21000, 其他: WeChat's third verdict, when a person should look), anything
 * else `pass` (label 100).
 * Version 1 (no `version`) answers errcode 87014 for risky content, as the retired API did.
 */
export class SecurityService {
  private words: string[] = [DOCUMENTED_RISKY_TEST_STRING]
  private reviewWords: string[] = []

  constructor(
    private readonly tokens: TokenStore,
    private readonly users: UserRegistry,
  ) {}

  /** Replaces the risky-word list (an empty list lets everything pass). */
  setRiskyWords(words: string[]): string[] {
    this.words = words.filter((w) => w.length > 0)
    return this.riskyWords()
  }

  riskyWords(): string[] {
    return [...this.words]
  }

  /** Replaces the list of words whose content is answered `review` (risky words win). */
  setReviewWords(words: string[]): string[] {
    this.reviewWords = words.filter((w) => w.length > 0)
    return [...this.reviewWords]
  }

  register(router: Router): void {
    router.add('POST', '/wxa/msg_sec_check', (req) => this.check(req.query, req.rawBody))
    router.add('GET', '/wxa/msg_sec_check', () => wxError(43302, 'require POST method'))
  }

  /** The control API: `GET|POST /__sim/security/risky-words` (`{ words: string[] }`). */
  registerControl(router: Router): void {
    router.add(
      'GET',
      '/__sim/security/risky-words',
      controlRoute(() => ({ words: this.riskyWords() })),
    )
    router.add(
      'POST',
      '/__sim/security/risky-words',
      controlRoute((req) => {
        const body = controlBody(req)
        const words = body.words
        if (!Array.isArray(words) || words.some((w) => typeof w !== 'string')) {
          throw new ControlError('words must be an array of strings')
        }
        return { words: this.setRiskyWords(words.filter((w): w is string => typeof w === 'string')) }
      }),
    )
    router.add(
      'POST',
      '/__sim/security/review-words',
      controlRoute((req) => {
        const words = controlBody(req).words
        if (!Array.isArray(words) || words.some((w) => typeof w !== 'string')) {
          throw new ControlError('words must be an array of strings')
        }
        return { words: this.setReviewWords(words.filter((w): w is string => typeof w === 'string')) }
      }),
    )
  }

  check(q: URLSearchParams, rawBody: string): SimResponse {
    const auth = this.tokens.check(q.get('access_token'))
    if ('error' in auth) return auth.error
    if (!rawBody.trim()) return wxError(44002, 'empty post data')
    const body = parseJson(rawBody)
    if (!isRecord(body)) return wxError(47001)
    const content = body.content
    if (typeof content !== 'string' || [...content].length > MAX_CONTENT) return wxError(47001)
    const hit = this.words.find((w) => content.includes(w))
    const doubt = hit === undefined ? this.reviewWords.find((w) => content.includes(w)) : undefined
    if (body.version === undefined) {
      return hit === undefined ? json(200, { errcode: 0, errmsg: 'ok' }) : wxError(87014, 'risky content')
    }
    if (body.version !== 2) return wxError(47001)
    if (typeof body.scene !== 'number' || !SCENES.has(body.scene)) return wxError(40129, 'invalid scene')
    const openid = body.openid
    if (typeof openid !== 'string' || openid === '') return wxError(40003)
    if (!this.users.byOpenid(auth.appid, openid)) return wxError(43104, 'appid not match openid')
    const traceId = `${randomHex(4)}-${randomHex(4)}-${randomHex(4)}`
    const keyword = hit ?? doubt
    const result =
      hit !== undefined
        ? { suggest: 'risky', label: 20001 }
        : doubt !== undefined
          ? { suggest: 'review', label: 21000 }
          : { suggest: 'pass', label: 100 }
    return json(200, {
      errcode: 0,
      errmsg: 'ok',
      trace_id: traceId,
      result,
      detail: [
        {
          strategy: 'content_model',
          errcode: 0,
          ...result,
          prob: hit !== undefined ? 90 : doubt !== undefined ? 60 : 0,
        },
        {
          strategy: 'keyword',
          errcode: 0,
          ...(keyword === undefined ? {} : { ...result, level: hit !== undefined ? 20 : 10, keyword }),
        },
      ],
    })
  }
}
