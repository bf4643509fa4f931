// The panel's list, search and representation queries with 50,000 members.
//
//   node_modules/.bin/node bench/panel-list.ts                 SQLite (a temporary file)
//   DATABASE_URL=postgres://... node_modules/.bin/node bench/panel-list.ts    SQLite, then PostgreSQL (a temporary schema)
//   options: --members 50000  --runs 30
//            --sqlite-file FILE (keep the filled SQLite database in FILE, and reuse it on the next run)
//            --postgres-schema NAME (the same for PostgreSQL: keep the schema NAME, and reuse it)
//
// It fills a fresh database with generated members (a seeded, repeatable bulk insert straight into the tables: far
// faster than registering 50,000 people one by one, and the same rows the registration command writes, less the
// encrypted identity, which no research query reads), then times the queries the pages run, through the same
// domain functions the pages call, and prints p50 and p95 in milliseconds. Figures, never assertions.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pg from 'pg'
import { mulberry32, type Random } from '../src/demo/prng.ts'
import {
  countParticipants,
  countParticipantsByDimension,
  getRepresentation,
  listParticipants,
  panelCatalogue,
  seededPseudonyms,
  type ParticipantFilter,
} from '../src/modules/panel/index.ts'
import type { Actor } from '../src/platform/auth/actor.ts'
import { systemClock } from '../src/platform/clock.ts'
import { loadConfig } from '../src/platform/config.ts'
import { openDatabase, type Db, type Dialect } from '../src/platform/db/database.ts'
import { migrateToLatest } from '../src/platform/db/migrate.ts'
import { newId } from '../src/platform/ids.ts'

const { values: args } = parseArgs({
  options: { members: { type: 'string', default: '50000' }, runs: { type: 'string', default: '30' }, 'sqlite-file': { type: 'string' }, 'postgres-schema': { type: 'string' } },
})
const MEMBERS = Number(args.members)
const RUNS = Number(args.runs)
const NOW = systemClock.now()

const ANALYST: Actor = { userId: null, role: 'analyst', displayName: 'Benchmark analyst' }
const SCRUTINY: Actor = { userId: null, role: 'scrutiny_body', displayName: 'Benchmark scrutiny body' }

/** Weights that fall away (1, 1/2, 1/3, ...), so each dimension has common and rare answers, as a real panel does. */
function skewedPick<T>(random: Random, items: readonly T[]): T {
  const weights = items.map((_, i) => 1 / (i + 1))
  let r = random() * weights.reduce((a, b) => a + b, 0)
  for (const [i, w] of weights.entries()) {
    r -= w
    if (r < 0) return items[i]!
  }
  return items[items.length - 1]!
}

const isoDaysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString()

async function fill(db: Db, members: number): Promise<void> {
  const random = mulberry32(20_261_123)
  const pseudonyms = seededPseudonyms(random)
  const taken = new Set<string>()
  const catalogue = panelCatalogue()
  const tagCodes = catalogue.seldomHeardTags.map(t => t.code)
  const joinRoutes = ['online', 'online', 'online', 'online', 'online', 'phone', 'phone', 'post', 'partner'] as const
  const BATCH = 500
  for (let start = 0; start < members; start += BATCH) {
    const people: Record<string, unknown>[] = []
    const answers: { participant_id: string; dimension: string; value: string }[] = []
    const tags: { participant_id: string; tag: string }[] = []
    for (let i = start; i < Math.min(members, start + BATCH); i++) {
      let pseudonym = pseudonyms()
      while (taken.has(pseudonym)) pseudonym = pseudonyms()
      taken.add(pseudonym)
      const id = newId(NOW.getTime() - (members - i) * 1000)
      const joinedDaysAgo = Math.floor(random() * 1460)
      const r = random()
      people.push({
        id,
        pseudonym,
        status: r < 0.92 ? 'active' : r < 0.98 ? 'withdrawn' : 'erased',
        joined_at: isoDaysAgo(joinedDaysAgo),
        joined_via: joinRoutes[Math.floor(random() * joinRoutes.length)],
        entered_by_user_id: null,
        entered_by_role: 'system',
        max_invitations_per_month: 2,
        user_id: null,
        last_participated_at: random() < 0.25 ? null : isoDaysAgo(Math.floor(random() * Math.min(joinedDaysAgo + 1, 1100))),
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
      })
      for (const d of catalogue.dimensions) {
        const roll = random()
        if (roll < 0.04) continue
        const real = d.options.filter(o => o.code !== 'prefer_not_to_say')
        if (roll < 0.07) {
          answers.push({ participant_id: id, dimension: d.key, value: 'prefer_not_to_say' })
          continue
        }
        const chosen = new Set([skewedPick(random, real).code])
        if (d.multiple) while (random() < 0.4) chosen.add(skewedPick(random, real).code)
        const exclusive = real.find(o => o.exclusive && chosen.has(o.code))
        for (const value of exclusive ? [exclusive.code] : chosen) answers.push({ participant_id: id, dimension: d.key, value })
      }
      if (tagCodes.length > 0 && random() < 0.15) {
        const chosen = new Set([skewedPick(random, tagCodes)])
        if (random() < 0.3) chosen.add(skewedPick(random, tagCodes))
        for (const tag of chosen) tags.push({ participant_id: id, tag })
      }
    }
    await db.transaction().execute(async trx => {
      const t = trx.withTables<{
        panel_participant: Record<string, unknown>
        panel_demographic: { participant_id: string; dimension: string; value: string }
        panel_seldom_heard_tag: { participant_id: string; tag: string }
      }>()
      await t.insertInto('panel_participant').values(people).execute()
      for (let k = 0; k < answers.length; k += 2000) await t.insertInto('panel_demographic').values(answers.slice(k, k + 2000)).execute()
      if (tags.length > 0) await t.insertInto('panel_seldom_heard_tag').values(tags).execute()
    })
  }
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

interface Case {
  name: string
  run: () => Promise<unknown>
}

async function time(c: Case): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < 3; i++) await c.run()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint()
    await c.run()
    samples.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples[samples.length - 1]! }
}

function cases(db: Db, smallNumberThreshold: number): Case[] {
  const deps = { db, clock: systemClock }
  const repDeps = { db, clock: systemClock, config: loadConfig({ SMALL_NUMBER_THRESHOLD: String(smallNumberThreshold) }) }
  const page = (filter: ParticipantFilter, n = 1) => listParticipants(deps, ANALYST, filter, { limit: 50, offset: (n - 1) * 50 })
  const active = { status: 'active' } as const
  /** What GET /panel does: a page and the counts by one dimension, in parallel. */
  const listPage = (filter: ParticipantFilter) =>
    Promise.all([page(filter), countParticipantsByDimension(deps, ANALYST, 'area', filter)])
  return [
    { name: 'first page, unfiltered (active members)', run: () => page(active) },
    { name: 'page 400 of 920, unfiltered (OFFSET 19,950)', run: () => page(active, 400) },
    { name: 'two-dimension filter (2 areas x 1 age band)', run: () => page({ ...active, dimensions: { area: ['eastport', 'glenmoor'], age_band: ['25_34'] } }) },
    { name: 'three dimensions, rare values', run: () => page({ ...active, dimensions: { area: ['the_isles'], ethnicity: ['arab'], caring: ['50_plus_hours'] } }) },
    { name: 'seldom-heard tag filter', run: () => page({ ...active, tags: ['limited_english'] }) },
    { name: 'attrition: took part, not in 12 months', run: () => page({ ...active, activity: 'lapsed', activityMonths: 12 }) },
    { name: 'never taken part + tag + how joined', run: () => page({ ...active, activity: 'never', tags: ['gypsy_traveller', 'remote_rural'], joinedVia: ['phone', 'post'] }) },
    { name: 'pseudonym prefix (P-7K)', run: () => page({ pseudonym: '7K' }) },
    { name: 'pseudonym, whole', run: () => page({ pseudonym: 'P-7K3M9Q' }) },
    { name: 'count of a filtered set (2 dimensions + attrition)', run: () => countParticipants(deps, ANALYST, { ...active, dimensions: { benefits: ['disability', 'carer'], disability: ['limited_a_lot'] }, activity: 'lapsed' }) },
    { name: 'count by dimension (area), unfiltered', run: () => countParticipantsByDimension(deps, ANALYST, 'area', active) },
    { name: 'count by dimension (benefits), filtered', run: () => countParticipantsByDimension(deps, ANALYST, 'benefits', { ...active, dimensions: { area: ['eastport'] } }) },
    { name: 'GET /panel: page + count by area, filtered', run: () => listPage({ ...active, dimensions: { age_band: ['45_54', '55_64'] }, activity: 'recent' }) },
    { name: 'representation: every dimension, tags, attrition', run: () => getRepresentation(repDeps, ANALYST) },
    { name: 'representation with suppression (scrutiny body)', run: () => getRepresentation(repDeps, SCRUTINY) },
  ]
}

async function benchmark(dialect: Dialect): Promise<void> {
  let close: () => Promise<void>
  let db: Db
  let where: string
  let reuse: boolean
  if (dialect === 'sqlite') {
    const kept = args['sqlite-file']
    const file = kept ? path.resolve(kept) : path.join(os.tmpdir(), `charter-bench-${process.pid}.sqlite`)
    reuse = kept !== undefined && fs.existsSync(file)
    const handle = openDatabase({ dialect: 'sqlite', sqlitePath: file })
    db = handle.db
    where = `SQLite file ${file}`
    close = async () => {
      await handle.close()
      if (!kept) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true })
    }
    await migrateToLatest(db)
  } else {
    const url = loadConfig().db
    if (url.dialect !== 'postgres') throw new Error('DATABASE_URL is needed for PostgreSQL')
    const kept = args['postgres-schema']
    if (kept !== undefined && !/^[a-z_][a-z0-9_]{0,40}$/.test(kept)) throw new Error('--postgres-schema: use lower-case letters, digits and underscores')
    const schema = kept ?? `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
    const admin = new pg.Client({ connectionString: url.url })
    await admin.connect()
    reuse = kept !== undefined && (await admin.query('select 1 from information_schema.schemata where schema_name = $1', [schema])).rowCount === 1
    if (!reuse) await admin.query(`create schema ${schema}`)
    await admin.end()
    const handle = openDatabase(url, { searchPath: schema })
    db = handle.db
    where = `PostgreSQL schema ${schema}`
    close = async () => {
      await handle.close()
      if (kept) return
      const c = new pg.Client({ connectionString: url.url })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    }
    await migrateToLatest(db, { schema })
  }
  try {
    const started = Date.now()
    if (!reuse) await fill(db, MEMBERS)
    // PostgreSQL: VACUUM as autovacuum would after a bulk load (it lets index-only scans skip the table).
    await sql.raw(dialect === 'postgres' ? 'vacuum analyze' : 'analyze').execute(db)
    const counts = await sql<{ p: number; d: number; t: number }>`select
        (select count(*) from panel_participant) as p,
        (select count(*) from panel_demographic) as d,
        (select count(*) from panel_seldom_heard_tag) as t`.execute(db)
    const c = counts.rows[0]!
    process.stdout.write(
      `\n${dialect} (${where}): ${Number(c.p).toLocaleString('en-GB')} members, ${Number(c.d).toLocaleString('en-GB')} answers, ` +
        `${Number(c.t).toLocaleString('en-GB')} seldom-heard tags, ${reuse ? 'reused' : `filled in ${((Date.now() - started) / 1000).toFixed(1)} s`}; ` +
        `${RUNS} runs each after 3 warm-up runs; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}\n\n`,
    )
    process.stdout.write(`${'query'.padEnd(56)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}\n`)
    for (const c of cases(db, 10)) {
      const r = await time(c)
      process.stdout.write(`${c.name.padEnd(56)}${r.p50.toFixed(1).padStart(9)}${r.p95.toFixed(1).padStart(9)}${r.max.toFixed(1).padStart(9)}\n`)
    }
  } finally {
    await close()
  }
}

await benchmark('sqlite')
if (process.env.DATABASE_URL) await benchmark('postgres')
