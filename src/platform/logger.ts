import pino, { type Logger } from 'pino'

export type { Logger }

/** Structured JSON logs. Personal data is redacted wherever it might appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.email', 'email', 'password', 'token'],
      censor: '[redacted]',
    },
  })
}
