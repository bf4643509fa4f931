// Test helper (used by the invitation tests only): a local stand-in for GOV.UK Notify's text message API that
// checks every request as the documented API wants it (endpoint, JSON, a bearer JWT signed with the key's secret,
// issued by the service, issued now, the fields), and answers 201, or 400 with Notify's error shape.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { newId } from '../../../../platform/ids.ts'

/** A local stand-in for GOV.UK Notify: checks each request as the documented API wants it, answers 201 or 400. */
export async function fakeNotify(serviceId: string, secret: string) {
  const requests: { auth: string; body: Record<string, unknown>; problems: string[] }[] = []
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = ''
    req.on('data', c => (raw += c))
    req.on('end', () => {
      const problems: string[] = []
      if (req.method !== 'POST' || req.url !== '/v2/notifications/sms') problems.push(`wrong endpoint ${req.method} ${req.url}`)
      if (!String(req.headers['content-type']).startsWith('application/json')) problems.push('not JSON')
      const auth = String(req.headers.authorization ?? '')
      const [head, claims, sig] = auth.replace(/^Bearer /, '').split('.')
      if (!auth.startsWith('Bearer ') || !head || !claims || !sig) problems.push('no bearer JWT')
      else {
        const expected = createHmac('sha256', secret).update(`${head}.${claims}`).digest('base64url')
        if (sig !== expected) problems.push('bad signature')
        const h = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg: string; typ: string }
        const c = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { iss: string; iat: number }
        if (h.alg !== 'HS256' || h.typ !== 'JWT') problems.push('wrong JWT header')
        if (c.iss !== serviceId) problems.push('wrong issuer')
        if (Math.abs(c.iat - Date.now() / 1000) > 30) problems.push('iat not now')
      }
      const body = JSON.parse(raw || '{}') as Record<string, unknown>
      for (const k of ['phone_number', 'template_id', 'personalisation', 'reference']) if (!(k in body)) problems.push(`no ${k}`)
      requests.push({ auth, body, problems })
      if (problems.length) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status_code: 400, errors: problems.map(p => ({ error: 'BadRequestError', message: p })) }))
      } else if (String(body.phone_number).includes('000000')) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status_code: 400, errors: [{ error: 'ValidationError', message: 'phone_number Not a UK mobile number' }] }))
      } else {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: newId(), reference: body.reference, content: { body: 'x', from_number: 'Charter' } }))
      }
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise<void>(r => server.close(() => r())) }
}
