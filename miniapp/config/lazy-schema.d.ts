/** A stand-in for the schema `build()` returns, built on first use (lazy-schema.js). */
export function lazySchema<T extends object>(build: () => T): T
