// Command-line options of `npm run bench:web` (scripts/bench-web/index.ts), parsed without running anything.
import { parseArgs } from 'node:util'

/** The pages the bench measures. */
export const BENCH_WEB_PAGES = ['home', 'disclosure'] as const
export type BenchWebPage = (typeof BENCH_WEB_PAGES)[number]

/** What one `npm run bench:web` does. */
export interface BenchWebOptions {
  /** Lighthouse runs per page; the median of each figure is reported. @default 3 */
  runs: number
  /** Which pages. @default both */
  pages: BenchWebPage[]
  /** Chromium to drive. @default CHROMIUM_PATH or /usr/bin/chromium */
  chromePath: string
  /** Also write every run's figures here as JSON. */
  jsonPath: string | null
  /** Serve this H5 build as it is instead of miniapp/dist-h5 (built first when stale). */
  h5Dir: string | null
}

const USAGE =
  'usage: npm run bench:web -- [--runs N] [--pages home,disclosure] [--chrome /usr/bin/chromium] [--json out.json] [--h5 dir]'

/** Parses the bench's arguments; throws with the usage line on anything it does not understand. */
export function parseBenchWebArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): BenchWebOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        runs: { type: 'string' },
        pages: { type: 'string' },
        chrome: { type: 'string' },
        json: { type: 'string' },
        h5: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`)
  }
  const runs = values.runs === undefined ? 3 : Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error(`--runs must be 1…20\n${USAGE}`)
  const pages = (values.pages ?? BENCH_WEB_PAGES.join(',')).split(',').map((p) => p.trim())
  const known = new Set<string>(BENCH_WEB_PAGES)
  const unknown = pages.filter((p) => !known.has(p))
  if (unknown.length > 0 || pages.length === 0)
    throw new Error(`unknown page(s) ${unknown.join(', ')}\n${USAGE}`)
  return {
    runs,
    pages: BENCH_WEB_PAGES.filter((p) => pages.includes(p)),
    chromePath: values.chrome ?? env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    jsonPath: values.json ?? null,
    h5Dir: values.h5 ?? null,
  }
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}
