import { useCallback, useRef, useState } from 'react'
import { newIdempotencyKey } from '@/services/idempotency'

/** Return value of {@link useSubmitOnce}. */
export interface SubmitOnce {
  /** True while a submission runs (for the button's busy look and `disabled`). */
  busy: boolean
  /**
   * Wraps a submit handler: a call while one wrapped by the same hook still runs does nothing. Validation inside
   * the handler is covered too, so write the handler whole inside.
   */
  once: <A extends unknown[]>(task: (...args: A) => unknown) => (...args: A) => Promise<void>
}

/**
 * One submission at a time for a form's button. The guard is a ref set synchronously in the tap, before anything
 * is awaited: `busy` (state) only disables the button after the next render, and a double tap lands before it.
 * Every form's submit handler goes through this hook (docs/miniapp.md, Forms).
 */
export function useSubmitOnce(): SubmitOnce {
  const running = useRef(false)
  const [busy, setBusy] = useState(false)
  const once = useCallback(
    <A extends unknown[]>(task: (...args: A) => unknown) =>
      async (...args: A): Promise<void> => {
        if (running.current) return
        running.current = true
        setBusy(true)
        try {
          await task(...args)
        } finally {
          running.current = false
          setBusy(false)
        }
      },
    [],
  )
  return { busy, once }
}

/** Return value of {@link useIdempotencyKey}. */
export interface IdempotencyKey {
  /** The key for sending this content: the same as last time while the content is the same, else a new one. */
  keyFor: (content: unknown) => string
  /**
   * The key and the body to send for this content: the body is built once per key and sent again as it was while
   * the content is the same (the BFF answers a key sent with another body with 422 idempotency_key_reused). For a
   * body with a part computed when sent, such as a deadline counted from now.
   */
  prepare: <T>(content: unknown, build: () => T) => { key: string; body: T }
  /** The submission went through: the next one (a new form) gets a new key. */
  done: () => void
}

/**
 * The idempotency key of a filled form (services/idempotency.ts). Kept across retries of the same content, so a
 * retry after a lost answer is recognised by the server; new when the content changes or after a success.
 */
export function useIdempotencyKey(): IdempotencyKey {
  const current = useRef<{ key: string; content: string; body?: unknown } | null>(null)
  const keyFor = useCallback((content: unknown) => {
    const fingerprint = JSON.stringify(content) ?? ''
    if (current.current?.content !== fingerprint)
      current.current = { key: newIdempotencyKey(), content: fingerprint }
    return current.current.key
  }, [])
  const prepare = useCallback(
    <T>(content: unknown, build: () => T) => {
      const key = keyFor(content)
      const kept = current.current
      if (kept && !('body' in kept)) kept.body = build()
      return { key, body: kept?.body as T }
    },
    [keyFor],
  )
  const done = useCallback(() => {
    current.current = null
  }, [])
  return { keyFor, prepare, done }
}
