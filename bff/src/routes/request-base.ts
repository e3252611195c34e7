import type { Context } from 'koa'

/**
 * The scheme and host a request reached (`https://cunwu.example.cn`), for links the BFF prints or encodes in a QR
 * code. Not `ctx.origin`: since Koa 3 that is the request's Origin header, which WeChat's wx.request does not send
 * and a client can set to anything. Behind a proxy the scheme and host come from X-Forwarded-* only with TRUST_PROXY.
 */
export function requestBase(ctx: Context): string {
  return `${ctx.protocol}://${ctx.host}`
}
