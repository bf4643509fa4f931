// The application under load, in its own process (as in production: the load generator does not share its CPU
// time slices with the event loop it measures). Started by bench/survey/run.ts with the benchmark's environment; it
// builds the real app (buildApp) on the benchmark's database, listens on a free port and reports the address.
//
//   BENCH_PG_SCHEMA: the PostgreSQL schema to use (the benchmark's temporary schema).
import { buildApp } from '../../src/app.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { openDatabase } from '../../src/platform/db/database.ts'
import type { AppDeps } from '../../src/platform/deps.ts'
import { createLogger } from '../../src/platform/logger.ts'

const config = loadConfig()
const schema = process.env.BENCH_PG_SCHEMA
const database = openDatabase(config.db, schema ? { searchPath: schema } : {})
const logger = createLogger(config.logLevel)
// Nothing is emailed while answering a survey; a mailer that drops mail keeps SMTP out of the figures.
const deps: AppDeps = { config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger }
const app = await buildApp(deps)
const address = await app.listen({ host: '127.0.0.1', port: 0 })
process.send!({ address })
process.on('message', message => {
  if (message !== 'stop') return
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0))
})
