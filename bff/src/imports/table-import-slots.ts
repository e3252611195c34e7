import { randomUUID } from 'node:crypto'
import type { Model } from 'mongoose'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'
import { isDuplicateKey } from '../lib/db-writes'
import type { JobLease } from '../models/JobLease.model'

/**
 * Admission of spreadsheet imports: each running import (reading and checking a file in a worker thread) holds a
 * slot; a person holds at most `perUser` and the service at most `global`, however many BFF instances (workers,
 * machines) run on its database. A refused request gets 429 too_many_imports and a Retry-After, before its upload
 * is even read.
 *
 * The slots are places in the database (`jobleases`, `import-slot:user:<id>#<n>` and `import-slot:all#<n>`), each
 * claimed with one conditional write: taken when no document holds it or its holder's lease has lapsed, refused by
 * the unique `_id` when a live holder has it (as the background jobs' leases are, JobLease.model.ts). The holder
 * renews its places' lease while the import runs and deletes them when it ends; the places of an instance that died
 * (SIGKILL, out of memory) are free again once their lease lapses (IMPORT_SLOT_LEASE_MS), well before the import it
 * cut off is reported as interrupted (导入被中断，请重新上传 after STALE_MS, table-imports.service.ts), so the person
 * may upload again by then.
 */

/** Limits of running imports. */
export interface ImportSlotLimits {
  /** Running imports per person. @default 1 */
  perUser: number
  /** Running imports on the service (every instance): each may use a CPU core and a few hundred MB. @default 2 */
  global: number
  /** What Retry-After says. @default 5 */
  retryAfterSeconds: number
}

/** Defaults for a small shared machine (2 cores). */
export const DEFAULT_IMPORT_SLOTS: ImportSlotLimits = { perUser: 1, global: 2, retryAfterSeconds: 5 }

/** How long a slot stays taken after its holder last renewed it (renewed every third of it while held). */
export const IMPORT_SLOT_LEASE_MS = 60_000

/** 429 too_many_imports; `details.retryAfterSeconds` is what the Retry-After header carries. */
export function tooManyImports(mine: boolean, retryAfterSeconds: number): AppError {
  const message = mine ? '你有一个表格正在导入，请等它完成后再试' : '正在导入的表格较多，请稍后再试'
  return new AppError(429, ErrorCode.TooManyImports, message, true, { retryAfterSeconds })
}

/** The places one import holds and the token that proves it holds them. */
interface Claim {
  token: string
  places: string[]
  renewal: NodeJS.Timeout
  released: Promise<void> | null
}

/** A held slot; release it once (later calls do nothing), or hand it over to whoever finishes the work. */
export class ImportSlot {
  private held = true

  constructor(
    private readonly slots: ImportSlots,
    readonly userId: string,
    private readonly claim: Claim,
  ) {}

  /** Gives the slot to a new holder (the background job); this holder's release does nothing afterwards. */
  handOver(): ImportSlot {
    if (!this.held) throw new Error('import slot already released or handed over')
    this.held = false
    return new ImportSlot(this.slots, this.userId, this.claim)
  }

  /** Frees the slot; resolves once its places are given back (a failure leaves them to lapse with their lease). */
  release(): Promise<void> {
    if (!this.held) return Promise.resolve()
    this.held = false
    return this.slots.free(this.claim)
  }
}

/** Counts running imports per person and in all, across the instances on one database. */
export class ImportSlots {
  private held = 0

  constructor(
    private readonly leases: Model<JobLease>,
    readonly limits: ImportSlotLimits = DEFAULT_IMPORT_SLOTS,
    private readonly leaseMs: number = IMPORT_SLOT_LEASE_MS,
  ) {}

  /** Takes a slot for the person, or throws 429 too_many_imports (the person's own first, then the service's). */
  async acquire(userId: string): Promise<ImportSlot> {
    const token = randomUUID()
    const mine = await this.claimOne(`import-slot:user:${userId}`, this.limits.perUser, token)
    if (!mine) throw tooManyImports(true, this.limits.retryAfterSeconds)
    let shared: string | null
    try {
      shared = await this.claimOne('import-slot:all', this.limits.global, token)
    } catch (err) {
      await this.giveBack([mine], token)
      throw err
    }
    if (!shared) {
      await this.giveBack([mine], token)
      throw tooManyImports(false, this.limits.retryAfterSeconds)
    }
    const places = [mine, shared]
    const renewal = setInterval(
      () => {
        const leaseUntil = new Date(Date.now() + this.leaseMs)
        this.leases
          .updateMany({ _id: { $in: places }, owner: token }, { $set: { leaseUntil } })
          .catch(() => undefined) // the database away: the lease runs on, renewed at the next turn
      },
      Math.floor(this.leaseMs / 3),
    )
    renewal.unref()
    this.held += 1
    return new ImportSlot(this, userId, { token, places, renewal, released: null })
  }

  /** Running imports this instance holds slots for (for tests and the bench). */
  get running(): number {
    return this.held
  }

  /** Called by ImportSlot.release. */
  free(claim: Claim): Promise<void> {
    if (!claim.released) {
      clearInterval(claim.renewal)
      this.held = Math.max(0, this.held - 1)
      claim.released = this.giveBack(claim.places, claim.token)
    }
    return claim.released
  }

  /** The first of `count` places under `scope` nobody holds, claimed for `token`; null when all are held. */
  private async claimOne(scope: string, count: number, token: string): Promise<string | null> {
    for (let n = 0; n < count; n++) {
      const place = `${scope}#${n}`
      const now = new Date()
      try {
        await this.leases.updateOne(
          { _id: place, leaseUntil: { $lte: now } },
          {
            $set: { owner: token, leaseUntil: new Date(now.getTime() + this.leaseMs) },
            $setOnInsert: { progress: null },
          },
          { upsert: true },
        )
        return place
      } catch (err) {
        // Held: the filter found no lapsed lease and the insert met the holder's document.
        if (!isDuplicateKey(err)) throw err
      }
    }
    return null
  }

  private async giveBack(places: string[], token: string): Promise<void> {
    await this.leases.deleteMany({ _id: { $in: places }, owner: token }).catch(() => undefined)
  }
}
