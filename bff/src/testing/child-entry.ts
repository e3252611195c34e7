import { spawn } from 'node:child_process'

/** A BFF process entry started as a child (as production starts it), on a free port with a quiet configuration. */
export interface ChildEntry {
  /** Everything the child wrote (stdout and stderr), so far. */
  output(): string
  /** Waits until the output matches (polling, up to two minutes), or throws with the output so far. */
  waitFor(re: RegExp): Promise<RegExpMatchArray>
  /** The URL the BFF logged once it was listening. */
  url(): Promise<string>
  /** Sends a signal to the child. */
  kill(signal: NodeJS.Signals): void
  /** Resolves with the exit code. */
  exited: Promise<number | null>
  /** Kills the child if it still runs (for finally blocks). */
  dispose(): void
}

/**
 * Starts `node <args>` with the BFF's environment for a throwaway data folder and no background workers; `pathEnv`
 * is the caller's PATH (tests read the environment, this module does not).
 */
export function startChildEntry(args: string[], dataDir: string, pathEnv: string | undefined): ChildEntry {
  const child = spawn(process.execPath, args, {
    env: {
      PATH: pathEnv,
      PORT: '0',
      DATA_DIR: dataDir,
      STATIC_DIR: '',
      LOG_LEVEL: 'info',
      SEED_DEMO: 'false',
      MAINTENANCE_INTERVAL_MS: '0',
      NOTIFICATIONS_WORKER: 'false',
      PAY_WORKER: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const waitFor = async (re: RegExp): Promise<RegExpMatchArray> => {
    for (let i = 0; i < 1200; i++) {
      const m = out.match(re)
      if (m) return m
      if (child.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`not seen ${String(re)}; output:\n${out}`)
  }
  return {
    output: () => out,
    waitFor,
    url: async () => String((await waitFor(/"url":"(http:\/\/[^"]+)","msg":"cunwu BFF listening"/))[1]),
    kill: (signal) => child.kill(signal),
    exited,
    dispose: () => {
      if (child.exitCode === null) child.kill('SIGKILL')
    },
  }
}
