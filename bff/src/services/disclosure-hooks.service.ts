/** Disclosure lifecycle hooks: what runs after each step (events, alignment, search) and how they combine. */
import type { Disclosure } from '../models/Disclosure.model'
import type { SearchFieldsOf } from './disclosure-derivations.service'

/** Hooks the disclosure lifecycle calls after each step (notifications, alignment, search indexing). */
export interface DisclosureHooks {
  onPublished?(d: Disclosure, previous: Disclosure | null): Promise<void>
  onReturned?(d: Disclosure): Promise<void>
  onRetracted?(d: Disclosure): Promise<void>
  /** Search token fields derived from the disclosure's text. */
  searchFields?: SearchFieldsOf
}

/** Combines lifecycle hooks: each step runs every hook in order (the last searchFields wins). */
export function composeHooks(...all: DisclosureHooks[]): DisclosureHooks {
  const searchFields = all
    .map((h) => h.searchFields)
    .filter((f) => f !== undefined)
    .at(-1)
  return {
    ...(searchFields ? { searchFields } : {}),
    async onPublished(d, previous) {
      for (const h of all) await h.onPublished?.(d, previous)
    },
    async onReturned(d) {
      for (const h of all) await h.onReturned?.(d)
    },
    async onRetracted(d) {
      for (const h of all) await h.onRetracted?.(d)
    },
  }
}

/**
 * Lifecycle hooks that do not depend on each other, run at once: each step waits for the slowest of them rather
 * than for their sum (the approval answers sooner). The first failure is the step's failure; the others still run.
 */
export function concurrentHooks(...all: DisclosureHooks[]): DisclosureHooks {
  return {
    async onPublished(d, previous) {
      await Promise.all(all.map((h) => h.onPublished?.(d, previous)))
    },
    async onReturned(d) {
      await Promise.all(all.map((h) => h.onReturned?.(d)))
    },
    async onRetracted(d) {
      await Promise.all(all.map((h) => h.onRetracted?.(d)))
    },
  }
}
