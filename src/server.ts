import type { FastifyInstance } from 'fastify'
import type { Logger } from './platform/logger.ts'

/** Listen, and shut down gracefully on SIGTERM/SIGINT: stop accepting, finish in-flight requests, close the database. */
export async function listen(
  app: FastifyInstance,
  opts: { host: string; port: number; logger: Logger; onClose: () => Promise<void>; graceMs?: number },
): Promise<string> {
  const address = await app.listen({ host: opts.host, port: opts.port })
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    opts.logger.info({ signal }, 'shutting down')
    const timer = setTimeout(() => {
      opts.logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, opts.graceMs ?? 10_000)
    timer.unref()
    app
      .close()
      .then(opts.onClose)
      .then(
        () => process.exit(0),
        err => {
          opts.logger.error({ err }, 'error during shutdown')
          process.exit(1)
        },
      )
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
  return address
}
