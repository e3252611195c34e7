import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'

/**
 * Admission of spreadsheet imports: each running import (reading and checking a file in a worker thread) holds a
 * slot; a person holds at most `perUser` and the server at most `global`. A refused request gets 429
 * too_many_imports and a Retry-After, before its upload is even read.
 */

/** Limits of running imports. */
export interface ImportSlotLimits {
  /** Running imports per person. @default 1 */
  perUser: number
  /** Running imports on this server: each may use a CPU core and a few hundred MB. @default 2 */
  global: number
  /** What Retry-After says. @default 5 */
  retryAfterSeconds: number
}

/** Defaults for a small shared machine (2 cores). */
export const DEFAULT_IMPORT_SLOTS: ImportSlotLimits = { perUser: 1, global: 2, retryAfterSeconds: 5 }

/** 429 too_many_imports; `details.retryAfterSeconds` is what the Retry-After header carries. */
export function tooManyImports(mine: boolean, retryAfterSeconds: number): AppError {
  const message = mine ? '你有一个表格正在导入，请等它完成后再试' : '正在导入的表格较多，请稍后再试'
  return new AppError(429, ErrorCode.TooManyImports, message, true, { retryAfterSeconds })
}

/** A held slot; release it once (later calls do nothing), or hand it over to whoever finishes the work. */
export class ImportSlot {
  private held = true

  constructor(
    private readonly slots: ImportSlots,
    readonly userId: string,
  ) {}

  /** Gives the slot to a new holder (the background job); this holder's release does nothing afterwards. */
  handOver(): ImportSlot {
    if (!this.held) throw new Error('import slot already released or handed over')
    this.held = false
    return new ImportSlot(this.slots, this.userId)
  }

  /** Frees the slot. */
  release(): void {
    if (!this.held) return
    this.held = false
    this.slots.free(this.userId)
  }
}

/** Counts running imports per person and in all. */
export class ImportSlots {
  private readonly perUser = new Map<string, number>()
  private total = 0

  constructor(readonly limits: ImportSlotLimits = DEFAULT_IMPORT_SLOTS) {}

  /** Takes a slot for the person, or throws 429 too_many_imports. */
  acquire(userId: string): ImportSlot {
    const mine = this.perUser.get(userId) ?? 0
    if (mine >= this.limits.perUser) throw tooManyImports(true, this.limits.retryAfterSeconds)
    if (this.total >= this.limits.global) throw tooManyImports(false, this.limits.retryAfterSeconds)
    this.perUser.set(userId, mine + 1)
    this.total += 1
    return new ImportSlot(this, userId)
  }

  /** Running imports now (for tests and the bench). */
  get running(): number {
    return this.total
  }

  /** Called by ImportSlot.release. */
  free(userId: string): void {
    const mine = (this.perUser.get(userId) ?? 0) - 1
    if (mine > 0) this.perUser.set(userId, mine)
    else this.perUser.delete(userId)
    this.total = Math.max(0, this.total - 1)
  }
}
