/**
 * Optimistic concurrency on a document's `revision` (a number every update raises): the one rule for "write only
 * if nothing changed since it was read", and for a client's copy named by the revision it was read at.
 *
 * - A write that depends on what a request read filters on the revision read (`atRevision`): if another write
 *   came between, it matches nothing, and the request answers 409 (or reads again and retries, where merging is
 *   safe) instead of overwriting the other write or acting on what it no longer holds.
 * - A client that names the revision of its copy (`isStaleCopy`) is refused with 409 when the stored document has
 *   moved on: it would otherwise overwrite what it never saw.
 */

/** What a document keeps: a revision, absent (0) until its first update. */
interface Revised {
  revision?: number | null | undefined
}

/** The stored revision of a document; 0 when it was never updated. */
export function revisionOf(doc: Revised): number {
  return doc.revision ?? 0
}

/** The filter part of a write conditional on the document still being at the revision it was read at. */
export function atRevision(doc: Revised): { revision: number | null } {
  // A document never updated has no revision: null matches the missing field.
  return { revision: doc.revision ?? null }
}

/** Whether a client's copy, named by the revision it was read at, is older than the stored document. */
export function isStaleCopy(doc: Revised, named: number | undefined): boolean {
  return named !== undefined && named !== revisionOf(doc)
}
