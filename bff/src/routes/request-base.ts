import type Koa from 'koa'
import type { Context } from 'koa'

/** Each app's public base URL (set by createApp, and by startServer once it knows its port). */
const bases = new WeakMap<Koa, string>()

/** Sets the public base URL the links of `app` are built on (no trailing slash). */
export function setPublicBase(app: Koa, base: string): void {
  bases.set(app, base.replace(/\/+$/, ''))
}

/**
 * The BFF's public base URL (`https://cunwu.example.cn`), for links it prints, encodes in a QR code or hands to WeChat
 * (the address WeChat's image check downloads a question photo from): PUBLIC_BASE_URL, or outside production the
 * address the server listens on. Never the request's Host or X-Forwarded-Host: a client chooses those, and a forged
 * Host once sent WeChat's check to the client's own server for the photo, so a flagged photo passed. Nor `ctx.origin`,
 * which since Koa 3 is the request's Origin header. docs/http-hardening.md, "Links the server builds".
 */
export function publicBase(ctx: Pick<Context, 'app'>): string {
  const base = bases.get(ctx.app)
  if (base === undefined) throw new Error('the public base URL is not set (createApp sets it)')
  return base
}
