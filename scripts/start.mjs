// Starts 村务通 on this machine: checks the configuration, builds the H5 app when missing, then the BFF (with the
// embedded database unless MONGODB_URI is set) serving the app and the API on one origin.
// Usage: npm start  (Ctrl-C stops it)
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'

const root = path.resolve(import.meta.dirname, '..')

// The configuration first: a bad variable is reported before a build of minutes, with the BFF's own list.
const check = spawnSync(process.execPath, ['--import', 'tsx', 'bff/src/check-config.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
})
if (check.status !== 0) process.exit(check.status ?? 1)

const build = spawnSync('node', ['scripts/ensure-h5.mjs'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) {
  console.error('The H5 build failed; see the output above.')
  process.exit(build.status ?? 1)
}

const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/index.ts'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: process.env,
})

let announced = false
const levels = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' }
// Pino writes JSON lines; show them compactly and call out the URL once the server listens.
readline.createInterface({ input: child.stdout }).on('line', (line) => {
  let entry
  try {
    entry = JSON.parse(line)
  } catch {
    console.log(line)
    return
  }
  const { level, msg, time, pid: _pid, hostname: _host, service: _service, ...rest } = entry
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : ''
  console.log(`${new Date(time).toLocaleTimeString()} ${levels[level] ?? level} ${msg}${extra}`)
  // With several workers each says it listens; the URL is the same.
  if (msg === 'cunwu BFF listening' && !announced) {
    announced = true
    announce(rest.url)
  }
})

/** Prints the URL and, with the WeChat simulator, the demo people one can sign in as. */
async function announce(url) {
  console.log(`\n  村务通 is running. Open ${url}/ in a browser (Ctrl-C to stop).`)
  try {
    const res = await fetch(`${url}/api/v1/dev/demo-users`)
    if (res.ok) {
      const { users } = await res.json()
      console.log('  Demo sign-in (development sign-in page, 选择演示用户):')
      for (const u of users) console.log(`    - ${u.displayName} (${u.userKey}): ${u.description}`)
    }
  } catch {
    // The list is a convenience; the server runs without it.
  }
  console.log('')
}

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    console.log('\nStopping…')
    child.kill('SIGTERM')
  })
}
child.on('exit', (code, signal) => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))))
