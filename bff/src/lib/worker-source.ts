import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * How to start a worker thread from a module next to the caller, under tsx or vitest (TypeScript sources) as well
 * as compiled: from compiled JavaScript the worker file is loaded as is; from TypeScript the worker first registers
 * tsx's loader in its own thread (loader hooks of the parent do not reach a worker started by a test runner), then
 * imports the worker file. Shared by the spreadsheet parse workers and the poster workers.
 */
export function workerSource(
  callerUrl: string,
  /** The worker's file name without its extension, e.g. `./table-import.worker`. */
  relative: string,
): { source: URL | string; evaluate: boolean } {
  const fromSource = callerUrl.endsWith('.ts')
  const url = new URL(`${relative}.${fromSource ? 'ts' : 'js'}`, callerUrl)
  if (!fromSource) return { source: url, evaluate: false }
  // require.resolve finds the CommonJS build of tsx/esm/api; its ES module build sits next to it.
  const cjs = createRequire(callerUrl).resolve('tsx/esm/api')
  const tsxApi = pathToFileURL(path.join(path.dirname(cjs), 'index.mjs')).href
  const source = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}) })`
  return { source, evaluate: true }
}
