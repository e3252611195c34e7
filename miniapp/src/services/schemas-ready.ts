/**
 * What services/request.ts (and upload.ts) wait for before validating an answer with a zod schema: null here, since
 * in the mini-program, the jest tests and the H5 dev build zod loads with the modules that import it. The production
 * H5 build swaps this module for `config/lazy-zod.js`, where zod comes in a chunk of its own that the home loads only
 * after its first screen; there this resolves once zod is there (docs/offline.md, The first screen).
 */
export function schemasReady(): Promise<void> | null {
  return null
}
