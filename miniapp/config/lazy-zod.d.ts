/** zod's `z` in the H5 build, installed when zod's chunk has loaded (lazy-zod.js). */
export const z: typeof import('zod').z
/** Makes `namespace` (zod's `z`, or the members of it the schemas use) what `z` hands out. */
export function installZod(namespace: object): void
/** Null when zod is installed; otherwise resolves once it is (loading it after the next paint). */
export function schemasReady(): Promise<void> | null
