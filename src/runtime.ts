import { configurePanelCatalogueFromFile } from './modules/panel/index.ts'
import type { Config } from './platform/config.ts'
import { systemClock, type Clock } from './platform/clock.ts'
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts'
import { migrateToLatest } from './platform/db/migrate.ts'
import type { AppDeps } from './platform/deps.ts'
import { createLogger, type Logger } from './platform/logger.ts'
import { createSmtpMailer, type Mailer } from './platform/mail/mailer.ts'

export interface Runtime {
  deps: AppDeps
  database: DatabaseHandle
  close(): Promise<void>
}

/** The composition root: open the database, run migrations, and build the dependencies every command and page uses. */
export async function createRuntime(
  config: Config,
  overrides: { clock?: Clock; mailer?: Mailer; logger?: Logger; migrate?: boolean } = {},
): Promise<Runtime> {
  const logger = overrides.logger ?? createLogger(config.logLevel)
  configurePanelCatalogueFromFile(config.panelCatalogueFile)
  const database = openDatabase(config.db)
  if (overrides.migrate !== false) await migrateToLatest(database.db)
  const mailer = overrides.mailer ?? createSmtpMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, logger })
  const deps: AppDeps = { config, db: database.db, dialect: database.dialect, clock: overrides.clock ?? systemClock, mailer, logger }
  return {
    deps,
    database,
    close: async () => {
      mailer.close()
      await database.close()
    },
  }
}
