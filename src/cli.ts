#!/usr/bin/env node
import fs from 'node:fs'
import { finished } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { buildApp } from './app.ts'
import { loadConfig, ConfigError, type Config } from './platform/config.ts'
import { systemActor } from './platform/auth/actor.ts'
import { ROLES, isAccountRole } from './platform/auth/roles.ts'
import { recentJobRuns, runJob, startScheduler, type JobDefinition } from './platform/jobs/jobs.ts'
import { pruneRateLimitsJob, pruneSessionsJob, sealAuditEventsJob } from './platform/jobs/platform-jobs.ts'
import { MODULES } from './modules.ts'
import { runSelectCommand, SELECT_HELP } from './modules/selection/index.ts'
import { pendingIsStale, STALE_PENDING_MS, verifyAuditChain } from './platform/audit/audit.ts'
import { backupSqlite } from './platform/db/database.ts'
import { migrateToLatest } from './platform/db/migrate.ts'
import { AppError } from './platform/errors.ts'
import { createRuntime } from './runtime.ts'
import { listen } from './server.ts'
import { inviteUser } from './modules/accounts/index.ts'
import { describeImportProblem, importSubmissions } from './modules/evidence/index.ts'
import {
  EXPORT_FORMATS,
  JOIN_ROUTES,
  PARTICIPANT_STATUSES,
  importParticipants,
  panelCatalogue,
  prepareIdentityExport,
  prepareResearchExport,
  readShowFilter,
  type ExportFormat,
  type ImportProblem,
  type JoinRoute,
  type ParticipantStatus,
} from './modules/panel/index.ts'
import { loadDemo, hasAnyUsers, DEMO_PASSWORD } from './demo/load-demo.ts'

const HELP: Record<string, string> = {
  select: SELECT_HELP,
  main: `charter: co-design a public-service charter, then hold the service to it.

Usage: charter <command> [options]

Commands:
  serve                   Start the web application
  migrate                 Bring the database up to date
  demo                    Load the demonstration organisation
  backup FILE             Make a consistent copy of the SQLite database
  users add --role ROLE EMAIL
                          Invite a user (prints their invitation link)
  audit verify            Check the audit trail's hash chain
  panel import FILE.csv   Add people to the panel from a CSV file
  panel export --research|--identity --format csv|xlsx --out FILE
                          Export the panel (research data, or names and contact details)
  evidence import FILE    Add stakeholder submissions and public input from a CSV or .xlsx file
  select --categories FILE --respondents FILE --size K --out DIR
                          Fair selection (LEXIMIN, MAXIMIN or LEGACY) and a checkable draw
  select verify DIR       Re-run and check a recorded draw
  jobs list               Show the scheduled jobs and their last runs
  jobs run NAME           Run a scheduled job now and print its report

Run 'charter <command> --help' for a command's options.
Configuration comes from environment variables: see README.md.`,
  serve: `Usage: charter serve [--demo-on-first-start]

Starts the web application on HOST:PORT (default 127.0.0.1:3000), applying migrations first.
  --demo-on-first-start   If the database has no users yet, load the demonstration data
                          (DEMO_ON_FIRST_START=false turns this off; never in production)`,
  migrate: `Usage: charter migrate

Applies every pending database migration (SQLite by default, PostgreSQL when DATABASE_URL is set).`,
  demo: `Usage: charter demo

Loads the demonstration organisation: a fictional national benefits service, its principles,
about 300 panel members and an account for every role, all with the password ${DEMO_PASSWORD}.
Only into a new, empty database (it would clash with real accounts). Refuses in production.`,
  backup: `Usage: charter backup FILE

Writes a consistent copy of the running SQLite database to FILE (a new file), safe while the
application is serving. For PostgreSQL, use pg_dump instead.`,
  users: `Usage: charter users add --role ROLE [--name NAME] [--email-invitation] EMAIL

Creates an invited account and prints the one-time invitation link. With --email-invitation
the link is also emailed over SMTP.
Roles: ${ROLES.join(', ')}`,
  jobs: `Usage: charter jobs list
       charter jobs run NAME

Scheduled jobs (retention, clean-ups) run inside 'charter serve' on their schedule; with several
instances only one runs each job at a time. 'jobs run' runs one now and prints what it did.`,
  panel: `Usage: charter panel import FILE.csv [--dry-run] [--all-or-nothing] [--joined-via WAY]
       charter panel export --research|--identity --format csv|xlsx --out FILE [options]

import   Adds people to the panel from a CSV file: one person a row, under a header row naming
         the columns (the format is in docs/panel/import-and-export.md; the template is at
         /panel/import/template.csv). Every row is checked as if entered by hand. Each bad row
         is reported with its line, its column and what is wrong; the good rows are imported.
  --dry-run          Check the file and say what would happen. Nothing is written.
  --all-or-nothing   Import nobody unless every row is correct.
  --joined-via WAY   How these people joined: ${JOIN_ROUTES.map(r => r.code).join(', ')}. Used for rows
                     that leave the joined_via column blank.
  Exit code 0 when every row was (or would be) imported, 1 when a row or the file has a problem.

export   Writes panel members to a new file, a page at a time.
  --research         Research data: pseudonyms, answers, groups, support needs. Never a name
                     or a contact detail.
  --identity         Names and contact details with each pseudonym. Needs --reason. Recorded in
                     the audit trail (as the system) with the number of rows, the filter and
                     the reason.
  --format csv|xlsx  A CSV file, or an Excel workbook with a second sheet describing the columns.
  --out FILE         The file to write. It must not exist yet.
  --status STATUS    ${PARTICIPANT_STATUSES.map(s => s.code).join(', ')} or all (default: active).
  --show GROUP       Only members with one answer or in one group, as on the panel list page:
                     dimension:KEY:CODE (e.g. dimension:area:glenmoor) or tag:CODE.
  --reason TEXT      Why the names and contact details are needed (with --identity).`,
  evidence: `Usage: charter evidence import FILE.csv|FILE.xlsx [--dry-run] [--all-or-nothing]

import   Adds stakeholder submissions and public input to the evidence store from a CSV file (UTF-8)
         or the first sheet of an Excel workbook: one submission a row, under a header row naming
         the columns (the format is in docs/evidence/store.md and on /evidence/import). Each bad
         row is reported with its row, its column and what to fix; the good rows are imported.
         Rows imported before (the same reference, or the same text) are left as they are.
  --dry-run          Check the file and say what would happen. Nothing is written.
  --all-or-nothing   Import nothing unless every row is correct.
  Exit code 0 when every row was (or would be) imported or was already in, 1 when a row or the
  file has a problem.`,
  audit: `Usage: charter audit verify

Recomputes the audit trail's hash chain and reports the first broken link, if any.
Exit code 0 if intact, 1 if broken.`,
}

function print(text: string): void {
  process.stdout.write(`${text}\n`)
}

function fail(message: string, code = 2): never {
  process.stderr.write(`charter: ${message}\n`)
  process.exit(code)
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print(HELP.main!)
    return command ? 0 : 2
  }
  // Fair selection works on files alone: no configuration or database needed.
  if (command === 'select' && !rest.includes('--help') && !rest.includes('-h')) {
    return runSelectCommand(rest, { stdout: process.stdout, stderr: process.stderr })
  }
  if (!(command in HELP) || command === 'main') fail(`unknown command '${command}'. Run 'charter --help'.`)
  if (rest.includes('--help') || rest.includes('-h')) {
    print(HELP[command]!)
    return 0
  }

  let config: Config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message)
    throw err
  }

  switch (command) {
    case 'serve':
      return serve(config, rest)
    case 'migrate': {
      const rt = await createRuntime(config, { migrate: false })
      const result = await migrateToLatest(rt.database.db)
      const applied = result.results?.filter(r => r.status === 'Success').map(r => r.migrationName) ?? []
      print(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'The database is up to date.')
      await rt.close()
      return 0
    }
    case 'demo': {
      parseArgs({ args: rest, options: {} })
      if (config.env === 'production') fail('refusing to load demonstration data in production')
      const rt = await createRuntime(config)
      if (await hasAnyUsers(rt.deps)) {
        await rt.close()
        fail('the database already has accounts: demonstration data goes only into a new database (use a new SQLITE_PATH, or delete ./data)')
      }
      const summary = await loadDemo(rt.deps)
      print(summary.text)
      await rt.close()
      return 0
    }
    case 'backup': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} })
      const file = positionals[0]
      if (!file) fail('say where to write the backup: charter backup FILE')
      if (config.db.dialect === 'postgres') {
        fail('this database is PostgreSQL: use pg_dump for a consistent backup, e.g. pg_dump --format=custom "$DATABASE_URL" > charter.dump', 1)
      }
      const rt = await createRuntime(config, { migrate: false })
      try {
        await backupSqlite(rt.database.db, file)
      } catch (err) {
        await rt.close()
        fail((err as Error).message, 1)
      }
      await rt.close()
      print(`Backed up the database to ${file}`)
      return 0
    }
    case 'users': {
      const [sub, ...args] = rest
      if (sub !== 'add') fail(`unknown users command '${sub ?? ''}'. Run 'charter users --help'.`)
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { role: { type: 'string' }, name: { type: 'string' }, 'email-invitation': { type: 'boolean' } },
      })
      const email = positionals[0]
      if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fail('give an email address like name@example.com')
      if (!values.role || !isAccountRole(values.role)) fail(`give --role, one of: ${ROLES.join(', ')}`)
      const rt = await createRuntime(config)
      try {
        const { link } = await inviteUser(rt.deps, systemActor('charter users add'), {
          email,
          displayName: values.name ?? email.split('@')[0]!,
          role: values.role,
          sendEmail: values['email-invitation'] === true,
        })
        print(`Invited ${email} as ${values.role}.\nInvitation link (works once, for ${config.auth.invitationDays} days):\n  ${link}`)
      } catch (err) {
        await rt.close()
        if (err instanceof AppError) fail(err.message, 1)
        throw err
      }
      await rt.close()
      return 0
    }
    case 'jobs': {
      const [sub, name] = rest
      const jobs = allJobs()
      const rt = await createRuntime(config)
      try {
        if (sub === 'list') {
          for (const job of jobs) {
            const [last] = await recentJobRuns(rt.deps, job.name, 1)
            const lastText = last ? `last ${last.status} at ${last.startedAt}: ${JSON.stringify(last.report)}` : 'never run'
            print(`${job.name.padEnd(32)} every ${job.everyMinutes} min  ${job.description}\n${' '.repeat(34)}${lastText}`)
          }
          return 0
        }
        if (sub === 'run') {
          const job = jobs.find(j => j.name === name)
          if (!job) fail(`no job called '${name ?? ''}'. Jobs: ${jobs.map(j => j.name).join(', ')}`)
          const run = await runJob(rt.deps, job, 'charter jobs run')
          if (!run) fail(`${job.name} is running in another instance; try again when it has finished`, 1)
          print(`${job.name} ${run.status}: ${JSON.stringify(run.report)}${run.error ? `\nError: ${run.error}` : ''}`)
          return run.status === 'succeeded' ? 0 : 1
        }
        fail(`unknown jobs command '${sub ?? ''}'. Run 'charter jobs --help'.`)
        return 2
      } finally {
        await rt.close()
      }
    }
    case 'panel':
      return panelCommand(config, rest)
    case 'evidence':
      return evidenceCommand(config, rest)
    case 'audit': {
      if (rest[0] !== 'verify') fail(`unknown audit command '${rest[0] ?? ''}'. Run 'charter audit --help'.`)
      const rt = await createRuntime(config, { migrate: false })
      const result = await verifyAuditChain(rt.database.db)
      await rt.close()
      if (result.pending.count > 0) {
        print(`${result.pending.count} event(s) written since ${result.pending.oldestAt} are waiting to be sealed into the chain; they are checked once sealed.`)
        if (pendingIsStale(result.pending, new Date()))
          print(`Some have waited more than ${STALE_PENDING_MS / 60_000} minutes: is the app's scheduler running? Seal them now with 'charter jobs run platform.audit_sealed'.`)
      }
      if (result.ok) {
        print(`The audit trail is intact: ${result.checked} event(s) checked.`)
        return 0
      }
      print(`The audit trail is BROKEN at event ${result.brokenAt!.seq} (${result.brokenAt!.id}): ${result.brokenAt!.reason}.\n${result.checked} event(s) before it are intact.`)
      return 1
    }
  }
  return 2
}

async function panelCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'import') return panelImport(config, rest)
  if (sub === 'export') return panelExport(config, rest)
  fail(`unknown panel command '${sub ?? ''}'. Run 'charter panel --help'.`)
}

function describeProblem(p: ImportProblem): string {
  const where = [p.line ? `Line ${p.line}` : '', p.columnLetter ? `column ${p.columnLetter}${p.column ? ` (${p.column})` : ''}` : p.column ? `column ${p.column}` : '']
    .filter(Boolean)
    .join(', ')
  return where ? `${where}: ${p.message}` : p.message
}

/** A file named on the command line, or a clear message and exit 2. */
function readInputFile(file: string): Buffer {
  try {
    return fs.readFileSync(file)
  } catch (err) {
    fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message}`)
  }
}

async function panelImport(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, 'all-or-nothing': { type: 'boolean' }, 'joined-via': { type: 'string' } },
  })
  const file = positionals[0]
  if (!file || positionals.length > 1) fail('give one CSV file: charter panel import FILE.csv')
  const joinedVia = values['joined-via']
  if (joinedVia !== undefined && !JOIN_ROUTES.some(r => r.code === joinedVia)) {
    fail(`--joined-via must be one of: ${JOIN_ROUTES.map(r => r.code).join(', ')}`)
  }
  const bytes = readInputFile(file)
  const dryRun = values['dry-run'] === true
  const allOrNothing = values['all-or-nothing'] === true
  const rt = await createRuntime(config)
  try {
    const report = await importParticipants(rt.deps, systemActor('charter panel import'), {
      file: bytes,
      joinedVia: joinedVia as JoinRoute | undefined,
      allOrNothing,
      dryRun,
    })
    if (report.fileProblems.length > 0) {
      process.stderr.write(`charter: ${file} could not be read, so nobody was imported:\n${report.fileProblems.map(p => `  ${describeProblem(p)}\n`).join('')}`)
      return 1
    }
    const people = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`
    const rows = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'row' : 'rows'}`
    if (dryRun) print(`Checked ${file}: ${rows(report.rowsRead)} of people. Nothing was imported (a dry run).`)
    const verb = dryRun ? 'would be' : report.imported === 1 ? 'was' : 'were'
    print(`${people(report.imported)} ${verb} added to the panel.`)
    if (report.rejected > 0) {
      const outcome = allOrNothing ? `so nobody from the file ${dryRun ? 'would be' : 'was'} added` : dryRun ? 'they would not be imported' : 'not imported'
      print(`${rows(report.rejected)} ${report.rejected === 1 ? 'has' : 'have'} problems (${outcome}):`)
      for (const p of report.problems) print(`  ${describeProblem(p)}`)
    }
    if (report.importId) print(`Report: ${config.server.baseUrl}/panel/import/${report.importId}`)
    return report.rejected > 0 ? 1 : 0
  } finally {
    await rt.close()
  }
}

async function evidenceCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'import') fail(`unknown evidence command '${sub ?? ''}'. Run 'charter evidence --help'.`)
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, 'all-or-nothing': { type: 'boolean' } } })
  const file = positionals[0]
  if (!file || positionals.length > 1) fail('give one CSV or .xlsx file: charter evidence import FILE')
  const bytes = readInputFile(file)
  const dryRun = values['dry-run'] === true
  const allOrNothing = values['all-or-nothing'] === true
  const rt = await createRuntime(config)
  try {
    const r = await importSubmissions(rt.deps, systemActor('charter evidence import'), { name: file, bytes }, { allOrNothing, dryRun })
    if (r.fileProblems.length > 0) {
      process.stderr.write(`charter: ${file} could not be read, so nothing was imported:\n${r.fileProblems.map(p => `  ${describeImportProblem(p)}\n`).join('')}`)
      return 1
    }
    const items = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'submission' : 'submissions'}`
    const rows = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'row' : 'rows'}`
    if (dryRun) print(`Checked ${file}: ${rows(r.rowsRead)} of submissions. Nothing was imported (a dry run).`)
    const verb = dryRun ? 'would be' : r.imported === 1 ? 'was' : 'were'
    print(`${items(r.imported)} ${verb} added to the evidence (${r.importedStakeholder.toLocaleString('en-GB')} from stakeholders).`)
    if (r.alreadyImported > 0) print(`${rows(r.alreadyImported)} ${r.alreadyImported === 1 ? 'was' : 'were'} already imported (rows ${r.alreadyImportedLines.join(', ')}).`)
    if (r.rejected > 0) {
      const outcome = allOrNothing ? `so nothing from the file ${dryRun ? 'would be' : 'was'} imported` : dryRun ? 'they would not be imported' : 'not imported'
      print(`${rows(r.rejected)} ${r.rejected === 1 ? 'has' : 'have'} problems (${outcome}):`)
      for (const p of r.problems) print(`  ${describeImportProblem(p)}`)
    }
    return r.rejected > 0 ? 1 : 0
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    process.stderr.write(`charter: ${err.message}\n`)
    return 1
  } finally {
    await rt.close()
  }
}

async function panelExport(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      research: { type: 'boolean' },
      identity: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      status: { type: 'string' },
      show: { type: 'string' },
      reason: { type: 'string' },
    },
  })
  if (values.research === values.identity) fail('give one of --research or --identity')
  const format = values.format
  if (!format || !EXPORT_FORMATS.some(f => f.code === format)) fail(`give --format, one of: ${EXPORT_FORMATS.map(f => f.code).join(', ')}`)
  const out = values.out
  if (!out) fail('say where to write the file: --out FILE')
  if (fs.existsSync(out)) fail(`${out} already exists: choose a new file name`)
  const status = values.status ?? 'active'
  if (status !== 'all' && !PARTICIPANT_STATUSES.some(s => s.code === status)) {
    fail(`--status must be one of: ${PARTICIPANT_STATUSES.map(s => s.code).join(', ')}, all`)
  }
  const show = readShowFilter(values.show, panelCatalogue())
  if (!show) fail(`--show must be dimension:KEY:CODE or tag:CODE from the panel's catalogue (got '${values.show}')`)
  const identity = values.identity === true
  const reason = values.reason?.trim()
  if (identity && !reason) fail('give the reason for exporting names and contact details: --reason "..." (it is recorded in the audit trail)')

  const rt = await createRuntime(config)
  try {
    const request = { format: format as ExportFormat, filter: { status: status === 'all' ? undefined : (status as ParticipantStatus), ...show } }
    const actor = systemActor('charter panel export')
    const prepared = identity ? await prepareIdentityExport(rt.deps, actor, { ...request, reason }) : await prepareResearchExport(rt.deps, actor, request)
    // A new file only ('wx'); names and contact details readable by this user only.
    const stream = fs.createWriteStream(out, { flags: 'wx', mode: identity ? 0o600 : 0o644 })
    try {
      await prepared.write(stream)
      await finished(stream)
    } catch (err) {
      stream.destroy()
      fs.rmSync(out, { force: true })
      throw err
    }
    const n = prepared.rowCount.toLocaleString('en-GB')
    if (identity) {
      print(`Wrote the names and contact details of ${n} panel member(s) to ${out}.\nThis is recorded in the audit trail. Keep the file secure and delete it when you no longer need it.`)
    } else {
      print(`Wrote the research data of ${n} panel member(s) to ${out}.`)
    }
    return 0
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    process.stderr.write(`charter: ${err.message}\n`)
    return 1
  } finally {
    await rt.close()
  }
}

/** The platform's own jobs and every module's. */
function allJobs(): JobDefinition[] {
  return [pruneSessionsJob, pruneRateLimitsJob, sealAuditEventsJob, ...MODULES.flatMap(m => m.jobs ?? [])]
}

async function serve(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'demo-on-first-start': { type: 'boolean' } } })
  const rt = await createRuntime(config)
  const log = rt.deps.logger
  // DEMO_ON_FIRST_START=false switches the flag off; production never loads demonstration data.
  const wantDemo = values['demo-on-first-start'] === true && config.demoOnFirstStart && config.env !== 'production'
  if (wantDemo && !(await hasAnyUsers(rt.deps))) {
    const summary = await loadDemo(rt.deps)
    print(summary.text)
  }
  const app = await buildApp(rt.deps)
  const stopScheduler = startScheduler(rt.deps, allJobs())
  await listen(app, {
    host: config.server.host,
    port: config.server.port,
    logger: log,
    onClose: async () => {
      stopScheduler()
      await rt.close()
    },
  })
  const address = app.server.address()
  const port = address && typeof address === 'object' ? address.port : config.server.port
  const host = ['0.0.0.0', '127.0.0.1', '::'].includes(config.server.host) ? 'localhost' : config.server.host
  const where = config.db.dialect === 'sqlite' ? `SQLite (${config.db.sqlitePath})` : 'PostgreSQL'
  print(`\nCharter is running on ${where}.\nOpen http://${host}:${port} in your browser.`)
  if (wantDemo) print(`Demonstration accounts (e.g. admin@demo.charter.example) use the password: ${DEMO_PASSWORD}\n`)
  return new Promise<number>(() => {})
}

main(process.argv.slice(2)).then(
  code => {
    if (code !== undefined) process.exitCode = code
  },
  err => {
    process.stderr.write(`charter: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  },
)
