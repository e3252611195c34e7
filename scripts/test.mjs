// Runs the whole test suite and ends with one "N passed, N failed" line. Usage: npm test [-- --no-e2e] [-- --no-lint]
// Steps: typecheck every workspace, lint, unit + integration tests (vitest projects), mini-program tests (jest),
// then the browser e2e tests in Chromium against the H5 build (built first when missing or stale).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const results = path.join(root, 'test-results')
fs.mkdirSync(results, { recursive: true })
const args = new Set(process.argv.slice(2))
const suites = []

function run(cmd, cmdArgs, opts = {}) {
  const started = Date.now()
  console.log(
    `\n▶ ${cmd} ${cmdArgs.join(' ')}${opts.cwd ? `  (in ${path.relative(root, opts.cwd) || '.'})` : ''}`,
  )
  const r = spawnSync(cmd, cmdArgs, {
    cwd: root,
    stdio: 'inherit',
    ...opts,
    env: { ...process.env, FORCE_COLOR: '0', ...opts.env },
  })
  return { status: r.status ?? 1, seconds: Math.round((Date.now() - started) / 100) / 10 }
}

/** Records a step that passes or fails as a whole (typecheck, lint, format). */
function recordStep(name, r) {
  suites.push({
    name,
    passed: r.status === 0 ? 1 : 0,
    failed: r.status === 0 ? 0 : 1,
    skipped: 0,
    seconds: r.seconds,
  })
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** Records a suite from a jest-style JSON report (vitest writes the same fields); a crash counts as one failure. */
function recordReport(name, status, file, seconds) {
  const report = readJson(file)
  const passed = report?.numPassedTests ?? 0
  let failed = report?.numFailedTests ?? 0
  const skipped = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0)
  // A suite that failed to load has no failed test but must still fail the run.
  if (status !== 0 && failed === 0) failed = 1
  if (report && report.numFailedTestSuites > 0 && failed === 0) failed = report.numFailedTestSuites
  suites.push({ name, passed, failed, skipped, seconds, failures: failureNames(report) })
}

/** Names what failed (file and test, first line of the message), so the summary at the end of a long log says it. */
function failureNames(report) {
  const names = []
  for (const file of report?.testResults ?? []) {
    const rel = path.relative(root, file.name ?? file.testFilePath ?? '')
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed')
    for (const t of failedTests) {
      const why = String(t.failureMessages?.[0] ?? '')
        .split('\n')[0]
        .slice(0, 200)
      names.push(`${rel} › ${t.fullName ?? t.title}${why ? ` — ${why}` : ''}`)
    }
    if (failedTests.length === 0 && file.status === 'failed') {
      names.push(
        `${rel} — ${String(file.message ?? 'failed to run')
          .split('\n')[0]
          .slice(0, 200)}`,
      )
    }
  }
  return names
}

function workspaces() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  const dirs = []
  for (const pattern of pkg.workspaces) {
    if (pattern.endsWith('/*')) {
      const base = path.join(root, pattern.slice(0, -2))
      for (const d of fs.readdirSync(base).sort()) dirs.push(path.join(base, d))
    } else dirs.push(path.join(root, pattern))
  }
  return dirs.filter((d) => fs.existsSync(path.join(d, 'package.json')))
}

// 1. Typecheck: one check per workspace.
for (const dir of workspaces()) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
  if (!pkg.scripts?.typecheck) continue
  const r = run('npm', ['run', '--silent', 'typecheck'], { cwd: dir })
  recordStep(`typecheck ${pkg.name}`, r)
}
// The browser tests are no workspace; they have their own tsconfig (test/e2e/tsconfig.json).
{
  const r = run('npm', ['run', '--silent', 'typecheck:e2e'])
  recordStep('typecheck test/e2e', r)
}
// The API fuzz likewise (test/fuzz/tsconfig.json).
{
  const r = run('npm', ['run', '--silent', 'typecheck:fuzz'])
  recordStep('typecheck test/fuzz', r)
}

// 2. Lint the whole tree.
if (!args.has('--no-lint')) {
  const r = run('npx', ['eslint', '.', '--max-warnings', '0'])
  recordStep('lint', r)
  // Formatting is checked, not only offered: `npm run format` fixes what this reports.
  const f = run('npx', ['prettier', '--check', '.', '--log-level', 'warn'])
  recordStep('format (prettier --check)', f)
}

// 3. Unit and integration tests of the Node workspaces, and the API fuzz (test/fuzz, a project of the root config).
{
  const out = path.join(results, 'vitest.json')
  fs.rmSync(out, { force: true })
  const r = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`])
  recordReport('unit + integration (vitest)', r.status, out, r.seconds)
}

// 4. Mini-program tests.
{
  const out = path.join(results, 'jest-miniapp.json')
  fs.rmSync(out, { force: true })
  const r = run('npx', ['jest', '--json', `--outputFile=${out}`], { cwd: path.join(root, 'miniapp') })
  recordReport('miniapp (jest)', r.status, out, r.seconds)
}

// 5. Browser end-to-end tests.
if (!args.has('--no-e2e')) {
  const build = run('node', ['scripts/ensure-h5.mjs'])
  if (build.status !== 0) {
    suites.push({ name: 'h5 build', passed: 0, failed: 1, skipped: 0, seconds: build.seconds })
  } else {
    const out = path.join(results, 'vitest-e2e.json')
    fs.rmSync(out, { force: true })
    const r = run('npx', [
      'vitest',
      'run',
      '--config',
      'test/e2e/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
    ])
    recordReport('e2e (Chromium)', r.status, out, r.seconds)
  }
}

console.log('\nSummary')
for (const s of suites) {
  console.log(
    `  ${s.failed ? '✗' : '✓'} ${s.name}: ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''} (${s.seconds}s)`,
  )
  for (const f of s.failures ?? []) console.log(`      ✗ ${f}`)
}
const passed = suites.reduce((n, s) => n + s.passed, 0)
const failed = suites.reduce((n, s) => n + s.failed, 0)
const skipped = suites.reduce((n, s) => n + s.skipped, 0)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
