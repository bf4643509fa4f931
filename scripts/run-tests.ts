// `npm test`: every check, in the order CI needs them. Static checks first (fast failures), then unit, route and
// repository tests, then browser tests with axe. Set SKIP_STATIC_CHECKS=1 to skip typecheck/lint/dependency rules
// (CI's second run, on PostgreSQL, does this: the code has not changed between the two runs).
import { spawnSync } from 'node:child_process'
import { existsSync, globSync, readFileSync } from 'node:fs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const results: { step: string; ok: boolean; seconds: number }[] = []

function run(step: string, cmd: string, args: string[], env: Record<string, string> = {}): void {
  const started = Date.now()
  process.stdout.write(`\n=== ${step}: ${cmd} ${args.join(' ')}\n`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = r.status === 0
  results.push({ step, ok, seconds: Math.round((Date.now() - started) / 100) / 10 })
  if (!ok) finish()
}

function finish(): never {
  process.stdout.write('\n=== Summary\n')
  for (const r of results) process.stdout.write(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.step} (${r.seconds}s)\n`)
  process.exit(results.every(r => r.ok) ? 0 : 1)
}

const node = process.execPath
process.stdout.write(`Node ${process.version}; database for app tests: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'SQLite'}\n`)

if (!process.env.SKIP_STATIC_CHECKS) {
  run('typecheck', 'npx', ['tsc', '--noEmit'])
  run('lint', 'npx', ['eslint', '.'])
  run('module dependency rules', 'npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs'])
}
run('build assets', node, ['scripts/build-assets.ts'])
// CI's second pass (TEST_DIALECTS=postgres) runs only the test files that use a database: a pure function's tests
// (the selection algorithms, the plain-English checker, the charts) have nothing to learn from PostgreSQL.
const ALL_UNIT_TESTS = ['src/**/*.test.ts', 'test/**/*.test.ts']
const USES_A_DATABASE = /test\/support\/(dialects|test-app)|createTestApp|createTestDatabase|DATABASE_URL|postgres/i
const unitTests =
  process.env.TEST_DIALECTS?.trim() === 'postgres'
    ? ALL_UNIT_TESTS.flatMap(pattern => globSync(pattern)).filter(file => USES_A_DATABASE.test(readFileSync(file, 'utf8'))).sort()
    : ALL_UNIT_TESTS
run('unit, route and repository tests', node, ['--test', '--test-concurrency=2', ...unitTests], { NODE_ENV: 'test' })

if (existsSync(CHROMIUM)) {
  // E2E_ONLY: a space-separated list of spec files, to run only those (CI's PostgreSQL pass runs the flows that
  // touch the most database code; every page and state is checked with axe on the SQLite pass).
  const specs = process.env.E2E_ONLY?.trim() ? process.env.E2E_ONLY.trim().split(/\s+/) : ['e2e/**/*.spec.ts']
  // Two spec files at a time: each has its own app on its own port, its own fresh database and its own browser, and
  // on two cores this keeps CI under 20 minutes (E2E_CONCURRENCY=1 runs them one after another).
  const concurrency = /^[1-4]$/.test(process.env.E2E_CONCURRENCY ?? '') ? process.env.E2E_CONCURRENCY! : '2'
  run('browser tests with axe', node, ['--test', `--test-concurrency=${concurrency}`, ...specs], { NODE_ENV: 'test', CHROMIUM_PATH: CHROMIUM })
} else if (process.env.CI) {
  process.stdout.write(`\nChromium is not at ${CHROMIUM}: CI must install it (apt-get install chromium).\n`)
  results.push({ step: 'browser tests with axe (no Chromium)', ok: false, seconds: 0 })
} else {
  process.stdout.write(`\nWARNING: browser tests skipped: no Chromium at ${CHROMIUM}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.\n`)
}
finish()
