import type { Config } from './config.ts'
import type { Clock } from './clock.ts'
import type { Db, Dialect } from './db/database.ts'
import type { Logger } from './logger.ts'
import type { Mailer } from './mail/mailer.ts'

/** Everything a command or page needs from the outside world, built once in the composition root. */
export interface AppDeps {
  readonly config: Config
  readonly db: Db
  readonly dialect: Dialect
  readonly clock: Clock
  readonly mailer: Mailer
  readonly logger: Logger
}
