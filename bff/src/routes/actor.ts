import type { Context } from 'koa'
import { unauthorized } from '../errors'
import type { User } from '../models/User.model'
import type { Actor } from '../services/audit.service'

/** The signed-in user of a request that passed `auth()`. */
export function currentUser(ctx: Context): User {
  const user = ctx.state.auth?.user
  if (!user) throw unauthorized()
  return user
}

/** The audit actor of a request: who, and which request. */
export function actorOf(ctx: Context): Actor {
  return { userId: ctx.state.auth?.user._id ?? null, requestId: ctx.state.requestId ?? null }
}
