// Load on the survey pages at the model case's size: a panel-wide survey answered by 2,400 panel members with
// accounts, and a public poll answered anonymously, with 100 concurrent clients (autocannon) against the real app.
//
//   node_modules/.bin/node bench/survey/run.ts                      SQLite (a temporary file)
//   DATABASE_URL=postgres://... node_modules/.bin/node bench/survey/run.ts   PostgreSQL (a temporary schema)
//   options: --members 2400  --respondents 2400  --connections 100  --seconds 15 (each page-view run)
//            --rate 1 (requests a second each client sends in the paced runs)
//            --profile DIR (write a CPU profile of the app process to DIR)
//
// Two kinds of run. PACED (the target): 100 clients at once, each sending a request a second (--rate) — far faster
// than a person, who spends 10-30 seconds on a question page — so the figures show how long each request takes when
// 100 people are answering at the same moment. SATURATION (for information): 100 clients each sending their next
// request the moment the last one is answered, which measures the most the app can serve; its latency is then
// mostly queueing (100 waiting clients / requests a second), not the time a request takes.
//
// Set-up, through the real commands: the survey (single choice, a free-text question shown only after "Yes", a
// scale; whole panel, open), the poll (public, open), 2,400 members registered with consent to research contact,
// an account each (no password: an argon2 hash per account would add minutes and nothing the benchmark measures)
// linked with the panel's linkParticipantAccount. Sessions are NOT made by 2,400 sign-ins: each member's session
// row is written through the app's own session store (DatabaseSessionStore.set), signed-in (userId, signedInAt) and
// with a CSRF secret, and the cookie is the session id signed with the app's session secret, exactly what
// @fastify/session sets after a sign-in; the CSRF token is made from that secret as @fastify/csrf-protection does.
// Anonymous poll respondents get a session (for CSRF) the same way, and a respondent cookie of their own.
//
// The app runs in a child process (bench/survey/server.ts: buildApp, listening on a free port), with NODE_ENV
// production, LOG_LEVEL warn and PUBLIC_FORM_RATE_LIMIT_PER_MINUTE 1,000,000: every client comes from 127.0.0.1,
// so the public-form rate limit (20 a minute per address by default) would otherwise refuse nearly every poll post.
// Each connection answers for its own members, one after another, so one person's pages are never sent out of
// order. Afterwards the saved answers and submitted responses are counted in the database. Figures, never asserts.
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Signer } from '@fastify/cookie'
import Tokens from '@fastify/csrf'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import pg from 'pg'
import { createActiveUser } from '../../src/modules/accounts/index.ts'
import { addSurveyQuestion, addSurveySection, changeActivityStatus, createActivity, getSurveyBuilder, saveSurveyIntro, setSurveyCondition, type QuestionInput } from '../../src/modules/engagement/index.ts'
import { changeConsents, linkParticipantAccount, registerParticipants, type RegisterParticipantInput } from '../../src/modules/panel/index.ts'
import { systemActor } from '../../src/platform/auth/actor.ts'
import { DatabaseSessionStore } from '../../src/platform/auth/session-store.ts'
import { SESSION_COOKIE } from '../../src/platform/auth/auth-hooks.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { openDatabase, type Db } from '../../src/platform/db/database.ts'
import { migrateToLatest } from '../../src/platform/db/migrate.ts'
import type { AppDeps } from '../../src/platform/deps.ts'
import { newToken } from '../../src/platform/ids.ts'
import { createLogger } from '../../src/platform/logger.ts'

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '2400' },
    respondents: { type: 'string', default: '2400' },
    connections: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '15' },
    rate: { type: 'string', default: '1' },
    profile: { type: 'string' },
  },
})
const MEMBERS = Number(args.members)
const RESPONDENTS = Number(args.respondents)
const CONNECTIONS = Number(args.connections)
const SECONDS = Number(args.seconds)
const RATE = Number(args.rate)
const RATE_LIMIT = '1000000'
const RESPONDENT_COOKIE = 'charter_respondent'

const out = (line = '') => process.stdout.write(`${line}\n`)

// ---- the database and the configuration the app will run with ----

const env: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  SESSION_SECRET: randomBytes(32).toString('hex'),
  IDENTITY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  BASE_URL: 'http://127.0.0.1',
  PUBLIC_FORM_RATE_LIMIT_PER_MINUTE: RATE_LIMIT,
}
let pgSchema: string | undefined
let sqliteFile: string | undefined
if (process.env.DATABASE_URL) {
  env.DATABASE_URL = process.env.DATABASE_URL
  pgSchema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await admin.connect()
  await admin.query(`create schema ${pgSchema}`)
  await admin.end()
} else {
  sqliteFile = path.join(os.tmpdir(), `charter-survey-bench-${process.pid}.sqlite`)
  env.SQLITE_PATH = sqliteFile
}
const config = loadConfig({ ...env, DATABASE_URL: env.DATABASE_URL })
const handle = openDatabase(config.db, pgSchema ? { searchPath: pgSchema } : {})
const db: Db = handle.db
await migrateToLatest(db, pgSchema ? { schema: pgSchema } : {})
const deps: AppDeps = { config, db, dialect: handle.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
const system = systemActor('survey load benchmark')

async function cleanUp(): Promise<void> {
  await handle.close()
  if (sqliteFile) for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) fs.rmSync(f, { force: true })
  if (pgSchema) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await c.connect()
    await c.query(`drop schema ${pgSchema} cascade`)
    await c.end()
  }
}

// ---- set-up through the commands ----

const question = (over: Partial<QuestionInput> & { sectionId: string; text: string }): QuestionInput => ({
  type: 'single_choice',
  hint: '',
  easyRead: '',
  required: true,
  options: '',
  rows: '',
  scaleMin: '1',
  scaleMax: '5',
  scaleMinLabel: '',
  scaleMaxLabel: '',
  ...over,
})

async function buildActivity(kind: 'survey' | 'poll'): Promise<{ activityId: string }> {
  const { id } = await createActivity(deps, system, {
    roundId: null,
    kind,
    title: kind === 'survey' ? 'Applying for benefits: how did it go?' : 'Quick poll: what should the charter cover first?',
    purpose: kind === 'survey' ? 'To hear how applying went, for the first draft of the charter' : 'To choose where the Core Group starts',
    audience: kind === 'survey' ? 'whole_panel' : 'public',
    audienceDetail: '',
    commissionedBy: 'research_team',
    commissioningDecision: '',
    opensOn: null,
    closesOn: null,
  })
  return { activityId: id }
}

const t0 = performance.now()
const survey = await buildActivity('survey')
await saveSurveyIntro(deps, system, survey.activityId, 'We would like to hear how applying for benefits went for you.')
const { id: sectionId } = await addSurveySection(deps, system, survey.activityId, { title: 'Applying', description: '' })
const q1 = await addSurveyQuestion(deps, system, survey.activityId, question({ sectionId, text: 'Have you applied for a benefit in the last year?', options: 'Yes\nNo', easyRead: 'Did you ask us for money this year?' }))
const q2 = await addSurveyQuestion(deps, system, survey.activityId, question({ sectionId, type: 'free_text', text: 'What went wrong, if anything?', required: false }))
const q3 = await addSurveyQuestion(deps, system, survey.activityId, question({ sectionId, type: 'scale', text: 'How easy was it to apply?', scaleMinLabel: 'Very hard', scaleMaxLabel: 'Very easy' }))
await setSurveyCondition(deps, system, survey.activityId, q2.id, { questionId: q1.id, options: ['o1'] })
await changeActivityStatus(deps, system, survey.activityId, 'open')
const surveyId = (await getSurveyBuilder(deps, system, survey.activityId)).surveyId!

const poll = await buildActivity('poll')
const { id: pollSection } = await addSurveySection(deps, system, poll.activityId, { title: 'Poll', description: '' })
const p1 = await addSurveyQuestion(deps, system, poll.activityId, question({ sectionId: pollSection, text: 'What should the charter cover first?', options: 'Applying\nPayments\nComplaints\nBeing treated with dignity' }))
await changeActivityStatus(deps, system, poll.activityId, 'open')
const pollId = (await getSurveyBuilder(deps, system, poll.activityId)).surveyId!

const inputs: RegisterParticipantInput[] = Array.from({ length: MEMBERS }, (_, i) => ({
  fullName: `Bench Member ${i}`,
  email: `survey.bench.${i}@example.org`,
  preferredChannel: 'email',
  joinedVia: 'online',
}))
const participantIds: string[] = []
for (let i = 0; i < inputs.length; i += 100) participantIds.push(...(await registerParticipants(deps, system, inputs.slice(i, i + 100))).map(p => p.id))
const userIds: string[] = []
for (const [i, pid] of participantIds.entries()) {
  await changeConsents(deps, system, pid, [{ purpose: 'contact_research', given: true }])
  const user = await createActiveUser(deps, system, { email: `survey.bench.${i}@example.org`, displayName: `Bench Member ${i}`, role: 'panel_member' })
  await linkParticipantAccount(deps, system, pid, user.id)
  userIds.push(user.id)
}

// Sessions, written through the app's session store; cookies signed with the app's secret.
const store = new DatabaseSessionStore(db, systemClock, config.session.idleMinutes, handle.dialect)
const signer = new Signer(config.session.secret, 'sha256')
const tokens = Tokens()
interface Client {
  cookie: string
  csrf: string
}
async function newSession(userId: string | null): Promise<Client> {
  const id = newToken(24)
  const secret = tokens.secretSync()
  const now = systemClock.now().toISOString()
  const session = {
    cookie: { originalMaxAge: config.session.idleMinutes * 60_000, path: '/', httpOnly: true, sameSite: 'lax', secure: false },
    ...(userId ? { userId, signedInAt: now } : {}),
    _csrf: secret,
  }
  await new Promise<void>((resolve, reject) => store.set(id, session as never, err => (err ? reject(err as Error) : resolve())))
  return { cookie: `${SESSION_COOKIE}=${encodeURIComponent(signer.sign(id))}`, csrf: tokens.create(secret) }
}
const members: Client[] = []
for (const uid of userIds) members.push(await newSession(uid))
const respondents: Client[] = []
for (let i = 0; i < RESPONDENTS; i++) {
  const c = await newSession(null)
  respondents.push({ cookie: `${c.cookie}; ${RESPONDENT_COOKIE}=${newToken()}`, csrf: c.csrf })
}
const setupSeconds = (performance.now() - t0) / 1000

// ---- the app, in its own process ----

const child: ChildProcess = fork(path.join(import.meta.dirname, 'server.ts'), [], {
  env: { ...process.env, ...env, ...(pgSchema ? { BENCH_PG_SCHEMA: pgSchema } : {}) },
  execArgv: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] : [],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
})
const address = await new Promise<string>((resolve, reject) => {
  child.once('message', m => resolve((m as { address: string }).address))
  child.once('exit', code => reject(new Error(`the app exited (${code}) before it listened`)))
})

// ---- driving it ----

interface Step {
  method: 'GET' | 'POST'
  path: string
  client: Client
  form?: Record<string, string>
  expect: number
}

const form = (client: Client, fields: Record<string, string>) => new URLSearchParams({ ...fields, _csrf: client.csrf }).toString()

interface Figures {
  name: string
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
  unexpected: number
  seconds: number
}
const figures: Figures[] = []

/**
 * Run autocannon with one connection per queue. Each connection sends its own queue in order (one request at a time),
 * so a person's pages arrive in the order a browser would send them. With `seconds`, each connection loops over its
 * queue until the time is up (page views); without, it sends its queue once.
 */
async function drive(name: string, queues: Step[][], seconds?: number, paced = true): Promise<void> {
  const length = Math.max(...queues.map(q => q.length))
  // Equal lengths: a short queue is padded with the health check (a trivial request).
  const padded = queues.map(q => [...q, ...Array.from({ length: length - q.length }, (): Step => ({ method: 'GET', path: '/health', client: q[0]!.client, expect: 200 }))])
  let unexpected = 0
  const example: string[] = []
  const latencies: number[] = []
  type Ctx = { step?: Step }
  /** One autocannon instance sending the given queues, one connection each. */
  const run = (own: Step[][]) => {
    let nextConnection = 0
    const requests = Array.from({ length }, (_, i) => ({
      setupRequest: (req: autocannon.Request, ctx: Ctx & { conn?: number }) => {
        if (ctx.conn === undefined) ctx.conn = nextConnection++ % own.length
        const step = own[ctx.conn]![i]!
        ctx.step = step
        const headers: Record<string, string> = { cookie: step.client.cookie }
        if (step.form) headers['content-type'] = 'application/x-www-form-urlencoded'
        return { ...req, method: step.method, path: step.path, headers, body: step.form ? form(step.client, step.form) : undefined }
      },
      onResponse: (status: number, body: string, ctx: Ctx) => {
        if (status !== ctx.step?.expect) {
          unexpected += 1
          if (example.length < 3) example.push(`${ctx.step?.method} ${ctx.step?.path} -> ${status} ${body.slice(0, 200).replace(/\s+/g, ' ')}`)
        }
      },
    }))
    return new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: address,
          connections: own.length,
          // A queue run ends when every connection has sent its queue (autocannon would otherwise stop after 10 s).
          ...(seconds ? { duration: seconds } : { maxConnectionRequests: length, duration: 3600 }),
          ...(paced ? { connectionRate: RATE } : {}),
          requests: requests as unknown as autocannon.Request[],
          timeout: 30,
        },
        (err, r) => (err ? reject(err as Error) : resolve(r)),
      )
      // Every response's time, for exact percentiles (autocannon's summary has p90 and p97.5 but no p95).
      instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms))
    })
  }
  const started = performance.now()
  // Paced: autocannon's rate limit ticks once a second for all of an instance's connections together, so 100
  // connections in one instance would fire in one burst each second (a thundering herd no real panel produces).
  // Each client gets its own instance instead, started at an even offset within the second, so requests arrive
  // spread out as people's would. Unpaced: one instance, every connection sending as fast as it is answered.
  const results = paced
    ? await Promise.all(padded.map((queue, c) => new Promise(r => setTimeout(r, (c * 1000) / RATE / padded.length)).then(() => run([queue]))))
    : [await run(padded)]
  const wall = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? NaN
  const total = results.reduce((n, r) => n + r.requests.total, 0)
  figures.push({
    name,
    requests: total,
    rps: total / wall,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    unexpected,
    seconds: wall,
  })
  for (const e of example) out(`  unexpected: ${e}`)
}

const perConnection = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.min(CONNECTIONS, items.length) }, (_, c) => items.filter((_, i) => i % CONNECTIONS === c))

const s = `/surveys/${surveyId}`
const p = `/surveys/${pollId}`
const yes = (i: number) => Math.floor(i / CONNECTIONS) % 2 === 0

await drive(
  'survey: start (POST, one per member)',
  perConnection(members).map(list => list.map((client): Step => ({ method: 'POST', path: `${s}/start`, client, form: {}, expect: 303 }))),
)
const surveyPage = () => perConnection(members).map(list => list.map((client): Step => ({ method: 'GET', path: `${s}/questions/${q1.id}`, client, expect: 200 })))
// Unpaced first: it also warms the app up (templates compiled, code optimised) as any running server is.
await drive('(a) saturation: question page, unpaced', surveyPage(), SECONDS, false)
await drive('(a) survey question page (GET)', surveyPage(), SECONDS)
await drive(
  '(b) survey answers and send (POST)',
  perConnection(members.map((client, i) => ({ client, i }))).map(list =>
    list.flatMap(({ client, i }): Step[] => [
      { method: 'POST', path: `${s}/questions/${q1.id}`, client, form: { answer: yes(i) ? 'o1' : 'o2' }, expect: 303 },
      ...(yes(i) ? [{ method: 'POST' as const, path: `${s}/questions/${q2.id}`, client, form: { answer: `The form asked the same thing twice (member ${i}).` }, expect: 303 }] : []),
      { method: 'POST', path: `${s}/questions/${q3.id}`, client, form: { answer: String(1 + (i % 5)) }, expect: 303 },
      { method: 'POST', path: `${s}/check`, client, form: {}, expect: 303 },
    ]),
  ),
)
await drive('poll: start (POST, anonymous)', perConnection(respondents).map(list => list.map((client): Step => ({ method: 'POST', path: `${p}/start`, client, form: {}, expect: 303 }))))
const pollPage = () => perConnection(respondents).map(list => list.map((client): Step => ({ method: 'GET', path: `${p}/questions/${p1.id}`, client, expect: 200 })))
await drive('(c) saturation: poll page, unpaced', pollPage(), SECONDS, false)
await drive('(c) poll question page (GET, anonymous)', pollPage(), SECONDS)
await drive(
  '(c) poll answer and send (POST, anonymous)',
  perConnection(respondents.map((client, i) => ({ client, i }))).map(list =>
    list.flatMap(({ client, i }): Step[] => [
      { method: 'POST', path: `${p}/questions/${p1.id}`, client, form: { answer: `o${1 + (i % 4)}` }, expect: 303 },
      { method: 'POST', path: `${p}/check`, client, form: {}, expect: 303 },
    ]),
  ),
)

child.send('stop')
await new Promise(resolve => child.once('exit', resolve))

// ---- counting what was saved ----

const yesCount = members.filter((_, i) => yes(i)).length
const expected = {
  surveyResponses: MEMBERS,
  surveyAnswers: yesCount * 3 + (MEMBERS - yesCount) * 2,
  pollResponses: RESPONDENTS,
  pollAnswers: RESPONDENTS,
}
const count = async (surveyIdOf: string) => {
  const r = await sql<{ submitted: number | string; answers: number | string }>`select
      (select count(*) from engagement_survey_response where survey_id = ${surveyIdOf} and status = 'submitted') as submitted,
      (select count(*) from engagement_survey_answer a join engagement_survey_response r on r.id = a.response_id where r.survey_id = ${surveyIdOf}) as answers`.execute(db)
  return { submitted: Number(r.rows[0]!.submitted), answers: Number(r.rows[0]!.answers) }
}
const surveyFound = await count(surveyId)
const pollFound = await count(pollId)
await cleanUp()

const pad = (v: string | number, n: number) => String(v).padStart(n)
out()
out(`Survey load: ${handle.dialect === 'postgres' ? `PostgreSQL (schema ${pgSchema}, dropped)` : `SQLite (temporary file)`}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${os.loadavg()[0]!.toFixed(1)}`)
out(`${MEMBERS.toLocaleString('en-GB')} panel members with accounts, ${RESPONDENTS.toLocaleString('en-GB')} anonymous poll respondents; set up in ${setupSeconds.toFixed(1)} s`)
out(`${CONNECTIONS} concurrent clients (autocannon, one request at a time each), paced at ${RATE} request a second each unless marked unpaced; page-view runs last ${SECONDS} s; app in its own process`)
out(`App: NODE_ENV=production, LOG_LEVEL=warn, PUBLIC_FORM_RATE_LIMIT_PER_MINUTE=${Number(RATE_LIMIT).toLocaleString('en-GB')} (all clients share 127.0.0.1)`)
out()
out(`${'run'.padEnd(44)}${pad('requests', 9)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p95 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('wrong', 7)}`)
for (const f of figures) {
  out(`${f.name.padEnd(44)}${pad(f.requests, 9)}${pad(f.rps.toFixed(0), 8)}${pad(f.p50.toFixed(0), 8)}${pad(f.p95.toFixed(0), 8)}${pad(f.p99.toFixed(0), 8)}${pad(f.errors, 8)}${pad(f.unexpected, 7)}`)
}
out('(errors: connection errors and timeouts; wrong: a status other than the page’s usual one, e.g. not 303 after a post)')
const paced = figures.filter(f => !f.name.includes('saturation') && /^\((a|b|c)\)/.test(f.name))
const worst = Math.max(...paced.map(f => f.p95))
out(`target: p95 under 100 ms for the question pages and answers, paced: worst p95 ${worst.toFixed(0)} ms  ${worst < 100 ? 'met' : 'NOT MET'}`)
out()
const line = (what: string, exp: number, found: number) => out(`${what.padEnd(44)}${pad(exp, 9)}${pad(found, 9)}  ${exp === found ? 'ok' : 'LOST OR EXTRA'}`)
out(`${'saved in the database'.padEnd(44)}${pad('expected', 9)}${pad('found', 9)}`)
line('survey responses submitted', expected.surveyResponses, surveyFound.submitted)
line('survey answers saved', expected.surveyAnswers, surveyFound.answers)
line('poll responses submitted', expected.pollResponses, pollFound.submitted)
line('poll answers saved', expected.pollAnswers, pollFound.answers)
