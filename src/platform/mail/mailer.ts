import nodemailer from 'nodemailer'
import type { Logger } from 'pino'

export interface OutgoingMessage {
  to: string
  subject: string
  /** Plain text is always sent: it is what many screen-reader and low-bandwidth users read. */
  text: string
  html?: string
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<void>
  close(): void
}

/** Sends mail over SMTP (SMTP_URL). In tests a real local SMTP server receives it. */
export function createSmtpMailer(opts: { smtpUrl: string; from: string; logger: Logger }): Mailer {
  const transport = nodemailer.createTransport(opts.smtpUrl)
  return {
    async send(message) {
      const info = await transport.sendMail({ from: opts.from, ...message })
      opts.logger.info({ messageId: info.messageId, subject: message.subject }, 'mail sent')
    },
    close: () => transport.close(),
  }
}
