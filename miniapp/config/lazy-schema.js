// H5 production build only (see lazy-schemas.js, which wraps the schema constants of @cunwu/domain and of
// src/services/api in `lazySchema`): a zod schema built the first time it is used instead of while its module loads.
//
// Building a zod schema is not free (every schema, every `.optional()` and `.max()` is an object with its own
// initialisation), and the modules the first screen loads declare several hundred of them at top level, almost all
// for answers and forms the first screen never sees. Lighthouse's 4× CPU slowdown made that part of the entry's and the
// page's evaluation before the first paint. Wrapped, a module declares a stand-in; the real schema is built, with the
// same code and the same arguments, on the first property read (`.safeParse`, `._zod`, `.shape`, `.extend`…), and
// every later operation goes to it. The stand-in is what other schemas hold as a child, which zod reaches through the
// same reads. Validation results and error messages are those of the real schema: it is the real schema that parses.

/**
 * A stand-in for the schema `build()` returns, built on first use. `build` runs at most once; if it throws, every use
 * throws the same error (as the module would have failed to load).
 */
export function lazySchema(build) {
  let real = null
  let failure = null
  const get = () => {
    if (real) return real
    if (failure) throw failure
    try {
      real = build()
    } catch (err) {
      failure = err
      throw err
    }
    return real
  }
  return new Proxy(
    {},
    {
      // The receiver is the real schema, so getters and methods see the object zod built.
      get: (_target, key) => {
        const schema = get()
        return Reflect.get(schema, key, schema)
      },
      set: (_target, key, value) => {
        const schema = get()
        return Reflect.set(schema, key, value, schema)
      },
      has: (_target, key) => Reflect.has(get(), key),
      getPrototypeOf: () => Reflect.getPrototypeOf(get()),
      ownKeys: () => Reflect.ownKeys(get()),
      // A proxy may not report a property as non-configurable unless its own target has it (zod's `_zod` is), so
      // the descriptor is the real one, reported configurable.
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(get(), key)
        return descriptor && { ...descriptor, configurable: true }
      },
      defineProperty: (_target, key, descriptor) => Reflect.defineProperty(get(), key, descriptor),
      deleteProperty: (_target, key) => Reflect.deleteProperty(get(), key),
    },
  )
}
