/**
 * `target` with one method replaced (`replacement` receives the original, bound), every other member as it is:
 * for tests that hold or reorder one kind of database call of a model while the rest runs.
 */
export function intercept<T extends object, K extends keyof T>(
  target: T,
  method: K,
  replacement: (original: T[K]) => unknown,
): T {
  const original = (target[method] as (...a: unknown[]) => unknown).bind(target) as T[K]
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (prop === method) return replacement(original)
      const value: unknown = Reflect.get(t, prop, receiver)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value
    },
  })
}
