import { createHash } from 'node:crypto'

/** A mini-program registered with the simulator. */
export interface SimApp {
  appid: string
  secret: string
  /** Whether the app is bound to an Open Platform account, which makes jscode2session return `unionid`. @default false */
  unionid?: boolean
}

/** A simulated WeChat user as configured by a test or created on first use. */
export interface SimUserInit {
  /** Stable key chosen by the caller (e.g. 'villager-zhang'); openids are derived from it per appid. */
  userKey: string
  /** Pure phone number returned by getuserphonenumber. @default derived from userKey (138xxxxxxxx) */
  phoneNumber?: string
  /** @default '86' */
  countryCode?: string
  /** Overrides the derived unionid. */
  unionid?: string
  /** Overrides derived openids, per appid. */
  openids?: Record<string, string>
}

/** A simulated WeChat user. */
export interface SimUser {
  userKey: string
  phoneNumber: string
  countryCode: string
  unionid: string
  /** openid per appid (filled in as the user meets each app). */
  openids: Record<string, string>
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** The openid the simulator gives `userKey` under `appid`: `o` + 27 URL-safe characters, stable across restarts. */
export function deriveOpenid(appid: string, userKey: string): string {
  return `o${digest(`openid:${appid}:${userKey}`).toString('base64url').slice(0, 27)}`
}

/** Keeps the simulated users, keyed by userKey, and finds them by openid. */
export class UserRegistry {
  private readonly users = new Map<string, SimUser>()

  constructor(initial: SimUserInit[] = []) {
    for (const u of initial) this.upsert(u)
  }

  /** Creates or updates a user. */
  upsert(init: SimUserInit): SimUser {
    const existing = this.users.get(init.userKey)
    const d = digest(`user:${init.userKey}`)
    const user: SimUser = {
      userKey: init.userKey,
      phoneNumber:
        init.phoneNumber ??
        existing?.phoneNumber ??
        `138${String(d.readUInt32BE(0) % 100_000_000).padStart(8, '0')}`,
      countryCode: init.countryCode ?? existing?.countryCode ?? '86',
      unionid:
        init.unionid ??
        existing?.unionid ??
        `o${digest(`unionid:${init.userKey}`).toString('base64url').slice(0, 27)}`,
      openids: { ...existing?.openids, ...init.openids },
    }
    this.users.set(init.userKey, user)
    return user
  }

  /** Returns the user, creating it with derived identifiers on first use. */
  ensure(userKey: string): SimUser {
    return this.users.get(userKey) ?? this.upsert({ userKey })
  }

  get(userKey: string): SimUser | undefined {
    return this.users.get(userKey)
  }

  /** The user's openid under an app, assigning the derived one on first use. */
  openidFor(userKey: string, appid: string): string {
    const user = this.ensure(userKey)
    const openid = user.openids[appid] ?? deriveOpenid(appid, userKey)
    user.openids[appid] = openid
    return openid
  }

  /** Finds the user that has `openid` under `appid` (only users who met the app). */
  byOpenid(appid: string, openid: string): SimUser | undefined {
    for (const user of this.users.values()) if (user.openids[appid] === openid) return user
    return undefined
  }

  list(): SimUser[] {
    return [...this.users.values()]
  }
}
