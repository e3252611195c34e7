import type { Logger } from 'pino'
import type { AuthContext } from './services/auth.service'

declare module 'koa' {
  interface DefaultState {
    requestId: string
    log: Logger
    /** Parsed `{ params, query, body }` from `validate()`. */
    input: { params: Record<string, unknown>; query: Record<string, unknown>; body: Record<string, unknown> }
    auth?: AuthContext
    /** The region `authorize()` checked. */
    regionCode?: string
    /** Set by `authorize()` when the caller acts in place of `regionCode`'s own staff, from region `from`. */
    standingInFor?: { regionCode: string; from: string }
  }
}
