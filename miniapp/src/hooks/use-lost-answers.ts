import { useState } from 'react'
import { ApiError } from '@/services/request'

/** What {@link LostAnswers.run} answers: this attempt's result, or the record an earlier attempt already moved. */
export type Outcome<T, D> = { already: false; value: T } | { already: true; value: D }

/**
 * Steps on a record that the BFF takes once and then refuses (submit a draft, approve it, record a decision step),
 * whose answer may be lost on one bar of signal: the server did the work, the answer came after the app's timeout
 * (网络太慢，请求超时). Tapped again, such a step is refused with 409 because the record has already moved on. The page
 * remembers which steps got no answer, and on such a refusal reads the record again: when it is where the step leads,
 * the step was done, and the page says so (已经办成) instead of showing the refusal (docs/miniapp.md, "Forms").
 */
export class LostAnswers {
  /** The steps that got no answer, each with what its attempts without an answer sent. */
  private readonly lost = new Map<string, unknown[]>()

  /**
   * Runs `attempt`, the step `key` (one step on one record, e.g. `approve:<id>`). When an earlier attempt of it got
   * no answer and this one is refused with 409, `moved` reads the record again and returns it if it is where the step
   * leads (else null): then the answer is `{ already: true, value }`. Any other failure is thrown as it came.
   * `sent` is what this attempt sends: `moved` is given the refusal and what the attempts without an answer sent, to
   * tell the record they made from a colleague's (a draft created, a save made before the text was changed).
   */
  async run<T, D>(
    key: string,
    attempt: () => Promise<T>,
    moved: (refusal: ApiError, lostSends: readonly unknown[]) => Promise<D | null>,
    sent?: unknown,
  ): Promise<Outcome<T, D>> {
    try {
      const value = await attempt()
      this.lost.delete(key)
      return { already: false, value }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      if (err.status === 0) {
        // No answer: the step may have been done. Known at the next attempt.
        this.lost.set(key, [...(this.lost.get(key) ?? []), sent])
        throw err
      }
      const lostSends = this.lost.get(key)
      if (err.status !== 409 || !lostSends) throw err
      let found: D | null
      try {
        found = await moved(err, lostSends)
      } catch {
        // Still unknown: the refusal stands, and the next attempt reads again.
        throw err
      }
      this.lost.delete(key)
      if (found === null) throw err
      return { already: true, value: found }
    }
  }
}

/** The page's {@link LostAnswers}, kept while the page is open. */
export function useLostAnswers(): LostAnswers {
  const [lost] = useState(() => new LostAnswers())
  return lost
}
