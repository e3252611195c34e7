import type { IncomingHttpHeaders } from 'node:http'

/** A request as the simulator's handlers see it: the raw body is kept because signatures cover its exact bytes. */
export interface SimRequest {
  method: string
  /** Path plus query exactly as received (what WeChat Pay signatures cover). */
  url: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  rawBody: string
  /** Values of `:name` segments of the matched route. */
  params: Record<string, string>
}

/** A response produced by a handler. */
export interface SimResponse {
  status: number
  headers?: Record<string, string>
  body?: string | Buffer
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>

interface Route {
  method: string
  segments: string[]
  handler: Handler
}

/** A minimal method + path-pattern router (`/a/:id/b`), enough for a simulator with a fixed API surface. */
export class Router {
  private readonly routes: Route[] = []

  /** Registers a handler for a method and a path pattern. */
  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: pattern.split('/'), handler })
    return this
  }

  /** Finds the handler for a request, filling in path params; undefined when nothing matches. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    const parts = path.split('/')
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue
      const params: Record<string, string> = {}
      let ok = true
      route.segments.forEach((seg, i) => {
        const part = parts[i] ?? ''
        if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(part)
        else if (seg !== part) ok = false
      })
      if (ok) return { handler: route.handler, params }
    }
    return undefined
  }
}

/** A JSON response with the given status. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  }
}

/** An HTML response. */
export function html(status: number, body: string): SimResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body }
}
