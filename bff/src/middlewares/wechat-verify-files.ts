import type { Middleware } from 'koa'

/** One WeChat domain verification file: its name as WeChat gave it, and its exact content. */
export interface WechatVerifyFile {
  /** File name, e.g. `a1b2c3.txt`. */
  name: string
  /** The file's whole content, served as is. */
  content: string
}

/** Where the poster links live: the 扫普通链接二维码打开小程序 rule's last directory (`docs/posters.md`). */
const POSTER_LINK_DIR = '/api/v1/p/'

/**
 * Serves WeChat's domain verification files (`docs/wechat.md`, "Domain verification files"): WeChat fetches
 * `https://<host>/<name>` before it accepts the host as a business domain (业务域名), and `<rule dir>/<name>` before
 * it publishes a 扫普通链接二维码打开小程序 rule; for ours that directory is `/api/v1/p/`. Only the configured names
 * answer; anything else goes on to the next middleware.
 */
export function wechatVerifyFiles(files: readonly WechatVerifyFile[]): Middleware {
  const byPath = new Map<string, string>()
  for (const file of files) {
    byPath.set(`/${file.name}`, file.content)
    byPath.set(`${POSTER_LINK_DIR}${file.name}`, file.content)
  }
  return async function wechatVerifyFilesMiddleware(ctx, next) {
    const content = byPath.get(ctx.path)
    if (content === undefined || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next()
    ctx.type = 'text/plain; charset=utf-8'
    ctx.set('Cache-Control', 'no-cache')
    ctx.body = content
  }
}
