import { useCallback, useRef, useState } from 'react'

/** What a page shows for one piece of server data. */
export type LoadState<T> =
  { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; error: unknown }

/** Return value of {@link useLoader}. */
export interface Loader<T> {
  state: LoadState<T>
  /** Starts a load; only the latest call may update the state, so a slow answer cannot overwrite a newer one. */
  run: (fetcher: () => Promise<T>) => Promise<void>
  /** Replaces the data after a local change (e.g. an item removed after a decision). */
  set: (data: T) => void
  /** Forgets the data and any load in flight. */
  reset: () => void
}

/**
 * Holds loading / ready / error state for data a page fetches. Loads start from page events (useLoad,
 * useDidShow, taps), never from render, so each page decides when to ask the server again.
 * @param initial `loading` for data the page fetches on open. @default 'loading'
 */
export function useLoader<T>(initial: 'loading' | 'idle' = 'loading'): Loader<T> {
  const [state, setState] = useState<LoadState<T>>({ kind: initial })
  const latest = useRef(0)

  const run = useCallback(async (fetcher: () => Promise<T>) => {
    const call = ++latest.current
    setState({ kind: 'loading' })
    try {
      const data = await fetcher()
      if (call === latest.current) setState({ kind: 'ready', data })
    } catch (error) {
      if (call === latest.current) setState({ kind: 'error', error })
    }
  }, [])

  const set = useCallback((data: T) => {
    latest.current += 1
    setState({ kind: 'ready', data })
  }, [])

  const reset = useCallback(() => {
    latest.current += 1
    setState({ kind: 'idle' })
  }, [])

  return { state, run, set, reset }
}
