import { createHash, randomBytes } from 'node:crypto'
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'
import { Types } from 'mongoose'
import type { AuthTokensDto } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { unauthorized } from '../errors'
import type { WechatClient } from '../clients/wechat.client'
import type { Models } from '../models'
import type { RoleGrant, User } from '../models/User.model'
import { markEndedGrants } from '../policies/region.policy'
import type { GrantEnding } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'

const ISSUER = 'cunwu-bff'
const AUDIENCE = 'cunwu-miniapp'

export interface AuthServiceDeps {
  models: Pick<Models, 'User' | 'Session'>
  wechat: WechatClient
  audit: AuditService
  jwtSecret: string
  accessTtlSeconds: number
  refreshTtlDays: number
  /**
   * The caller's grants ended by their region's retirement (撤并), read for a request that writes
   * (`RegionRetirementsService.endedGrantsOf`); none when absent.
   */
  endedGrants?: (grants: readonly RoleGrant[]) => Promise<ReadonlyMap<string, GrantEnding>>
}

/** The signed-in caller as the routes see it. */
export interface AuthContext {
  user: User
  sessionId: Types.ObjectId
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

function newRefreshToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Sign-in with WeChat, short-lived access tokens, rotating refresh tokens, and logout. */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {
    this.key = new TextEncoder().encode(deps.jwtSecret)
  }

  /** The access tokens' HMAC key. */
  private readonly key: Uint8Array

  private async issueAccess(userId: Types.ObjectId, sessionId: Types.ObjectId): Promise<string> {
    return new SignJWT({ sid: sessionId.toHexString() })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId.toHexString())
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.deps.accessTtlSeconds}s`)
      .sign(this.key)
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.deps.refreshTtlDays * 86_400_000)
  }

  /** Exchanges a wx.login code: finds or creates the user by openid and opens a session. */
  async signInWithWechat(code: string, requestId: string | null): Promise<AuthTokensDto> {
    const wx = await this.deps.wechat.code2session(code)
    const user = await this.deps.models.User.findOneAndUpdate(
      { openid: wx.openid },
      {
        $setOnInsert: { openid: wx.openid, displayName: `微信用户${wx.openid.slice(-4)}`, roles: [] },
        $set: wx.unionid ? { unionid: wx.unionid } : {},
      },
      { upsert: true, returnDocument: 'after' },
    ).lean()
    const refreshToken = newRefreshToken()
    const session = await this.deps.models.Session.create({
      userId: user._id,
      refreshHash: hashToken(refreshToken),
      sessionKey: wx.sessionKey,
      expiresAt: this.refreshExpiry(),
    })
    await this.deps.audit.record(
      { userId: user._id, requestId },
      { action: 'auth.sign_in', targetType: 'session', targetId: session.id, regionCode: null },
    )
    return {
      accessToken: await this.issueAccess(user._id, session._id),
      expiresIn: this.deps.accessTtlSeconds,
      refreshToken,
    }
  }

  /** Rotates a refresh token; presenting an already-used one revokes the whole session. */
  async refresh(refreshToken: string): Promise<AuthTokensDto> {
    const hash = hashToken(refreshToken)
    const next = newRefreshToken()
    const rotated = await this.deps.models.Session.findOneAndUpdate(
      { refreshHash: hash, revokedAt: null, expiresAt: { $gt: new Date() } },
      {
        $set: { refreshHash: hashToken(next), expiresAt: this.refreshExpiry() },
        $push: { usedHashes: hash },
      },
      { returnDocument: 'after' },
    ).lean()
    if (rotated) {
      return {
        accessToken: await this.issueAccess(rotated.userId, rotated._id),
        expiresIn: this.deps.accessTtlSeconds,
        refreshToken: next,
      }
    }
    const reused = await this.deps.models.Session.findOneAndUpdate(
      { usedHashes: hash, revokedAt: null },
      { $set: { revokedAt: new Date(), revokeReason: 'refresh_token_reused' } },
    ).lean()
    if (reused) throw unauthorized(ErrorCode.RefreshTokenReused, '登录状态异常，请重新登录')
    throw unauthorized(ErrorCode.RefreshTokenInvalid, '登录已过期，请重新登录')
  }

  /** Revokes the session; its access and refresh tokens stop working at once. */
  async logout(sessionId: Types.ObjectId, actor: Actor): Promise<void> {
    await this.deps.models.Session.updateOne(
      { _id: sessionId, revokedAt: null },
      { $set: { revokedAt: new Date(), revokeReason: 'logout' } },
    )
    await this.deps.audit.record(actor, {
      action: 'auth.logout',
      targetType: 'session',
      targetId: sessionId.toHexString(),
      regionCode: null,
    })
  }

  /**
   * Verifies an access token and that its session is still open; returns the current user. For a request that
   * writes (`forWrite`), the grants whose region was retired (撤并) are marked ended (`markEndedGrants`): they allow
   * reading what they covered, not writing there.
   */
  async authenticate(accessToken: string, options: { forWrite?: boolean } = {}): Promise<AuthContext> {
    let sub: string | undefined
    let sid: unknown
    try {
      const { payload } = await jwtVerify(accessToken, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      })
      sub = payload.sub
      sid = payload.sid
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw unauthorized(ErrorCode.TokenExpired, '登录已过期，请重新登录')
      throw unauthorized(ErrorCode.TokenInvalid, '登录凭证无效，请重新登录')
    }
    if (!sub || typeof sid !== 'string' || !Types.ObjectId.isValid(sub) || !Types.ObjectId.isValid(sid)) {
      throw unauthorized(ErrorCode.TokenInvalid, '登录凭证无效，请重新登录')
    }
    // Both reads at once (one round trip to the database for every signed-in request); the session decides first.
    const [session, user] = await Promise.all([
      this.deps.models.Session.findById(sid, { revokedAt: 1, userId: 1 }).lean(),
      this.deps.models.User.findById(sub).lean(),
    ])
    if (!session || session.revokedAt || !session.userId.equals(sub)) {
      throw unauthorized(ErrorCode.SessionRevoked, '已退出登录，请重新登录')
    }
    if (!user) throw unauthorized(ErrorCode.TokenInvalid, '用户不存在')
    if (options.forWrite && this.deps.endedGrants && user.roles.length > 0) {
      const endings = await this.deps.endedGrants(user.roles)
      if (endings.size > 0)
        return { user: { ...user, roles: markEndedGrants(user.roles, endings) }, sessionId: session._id }
    }
    return { user, sessionId: session._id }
  }
}

/** Builds the service (the composition root and tests call this). */
export function createAuthService(deps: AuthServiceDeps): AuthService {
  return new AuthService(deps)
}
