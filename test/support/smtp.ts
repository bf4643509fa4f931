import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string
  from: string
  subject: string
  text: string
}

export interface TestSmtp {
  url: string
  messages: ReceivedMail[]
  /** Wait for a message that matches, up to timeoutMs. */
  waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>
  close(): Promise<void>
}

/** A real SMTP server on a free local port; the app sends to it over SMTP and tests read what arrived. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = []
  const waiters: { predicate: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(parsed => {
        const to = Array.isArray(parsed.to) ? parsed.to.map(a => a.text).join(', ') : (parsed.to?.text ?? '')
        const mail: ReceivedMail = { to, from: parsed.from?.text ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '' }
        messages.push(mail)
        for (const w of [...waiters]) {
          if (w.predicate(mail)) {
            waiters.splice(waiters.indexOf(w), 1)
            w.resolve(mail)
          }
        }
        callback()
      }, callback)
    },
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate)
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching mail within ${timeoutMs} ms (got ${messages.length})`)), timeoutMs)
        waiters.push({ predicate, resolve: m => (clearTimeout(timer), resolve(m)) })
      })
    },
    close: () => new Promise(resolve => server.close(() => resolve())),
  }
}

/** The first https?:// link in a message body. */
export function linkIn(text: string): string {
  const m = /https?:\/\/\S+/.exec(text)
  if (!m) throw new Error(`no link in message:\n${text}`)
  return m[0]
}
