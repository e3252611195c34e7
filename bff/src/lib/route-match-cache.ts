import type Router from '@koa/router'

/** Request paths longer than this are matched every time (a client chooses them; the cache holds short keys only). */
const MAX_KEY_PATH = 200
/** Method and path pairs kept; past it the cache starts over. */
const MAX_KEPT = 10_000

/**
 * Remembers which layers a method and path match. @koa/router tests every route's regular expression on every
 * request (some 300 routes here, 3-4 % of a cached read's CPU); the routes do not change once the app is built, so
 * the same method and path always match the same layers. Each request gets its own copies of the lists (the router
 * appends to `ctx.matched`). Call it after the last route is added.
 */
export function cacheRouteMatches(router: Router): void {
  const match = router.match.bind(router)
  const kept = new Map<string, ReturnType<Router['match']>>()
  router.match = (path, method) => {
    if (path.length > MAX_KEY_PATH) return match(path, method)
    const key = `${method} ${path}`
    let found = kept.get(key)
    if (!found) {
      found = match(path, method)
      if (kept.size >= MAX_KEPT) kept.clear()
      kept.set(key, found)
    }
    return { path: [...found.path], pathAndMethod: [...found.pathAndMethod], route: found.route }
  }
}
