// Test helper: a local stand-in for an OpenAI-compatible chat-completions server. It checks every request as the API
// wants it (POST /v1/chat/completions, JSON, {model, messages: [system, user], temperature: 0} and nothing else, a
// bearer key exactly when one is expected) and answers what the test sets: a chat completion with the given
// content, an error body with a status, or nothing for a while (for timeouts). Requests with problems get 400.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  raw: string
  body: { model?: unknown; messages?: { role: string; content: string }[]; temperature?: unknown } & Record<string, unknown>
  problems: string[]
}

export type FakeAnswer =
  | { content: string; model?: string; finishReason?: string }
  | { status: number; raw: string; contentType?: string }
  | { hangMs: number }

export async function fakeLanguageModelServer(opts: { key?: string; model?: string } = {}) {
  const requests: FakeRequest[] = []
  let next: (request: FakeRequest) => FakeAnswer = () => ({ content: '{"points": []}' })
  const open = new Set<ServerResponse>()
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', c => (raw += c))
    req.on('end', () => {
      const problems: string[] = []
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') problems.push(`wrong endpoint ${req.method} ${req.url}`)
      if (!String(req.headers['content-type']).startsWith('application/json')) problems.push('not JSON')
      const auth = req.headers.authorization
      if (opts.key && auth !== `Bearer ${opts.key}`) problems.push('wrong or missing key')
      if (!opts.key && auth !== undefined) problems.push('a key was sent where none is set')
      let body: FakeRequest['body'] = {}
      try {
        body = JSON.parse(raw) as FakeRequest['body']
      } catch {
        problems.push('body is not JSON')
      }
      if (JSON.stringify(Object.keys(body).sort()) !== JSON.stringify(['messages', 'model', 'temperature'])) problems.push(`fields ${Object.keys(body).join(',')}`)
      if (opts.model && body.model !== opts.model) problems.push(`model ${String(body.model)}`)
      if (body.temperature !== 0) problems.push('temperature is not 0')
      const m = body.messages
      if (!Array.isArray(m) || m.length !== 2 || m[0]?.role !== 'system' || m[1]?.role !== 'user' || !m.every(x => typeof x.content === 'string' && x.content.length > 0)) problems.push('messages are not [system, user]')
      const request: FakeRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body, problems }
      requests.push(request)
      if (problems.length) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: problems.join('; '), type: 'invalid_request_error' } }))
        return
      }
      const answer = next(request)
      if ('hangMs' in answer) {
        open.add(res)
        setTimeout(() => {
          open.delete(res)
          if (!res.writableEnded) res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
        }, answer.hangMs).unref()
        return
      }
      if ('status' in answer) {
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' }).end(answer.raw)
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          model: answer.model ?? String(body.model),
          choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: answer.finishReason ?? 'stop' }],
          usage: { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160 },
        }),
      )
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    /** What to answer from now on. */
    answer(f: (request: FakeRequest) => FakeAnswer) {
      next = f
    },
    close: () =>
      new Promise<void>(r => {
        for (const res of open) res.destroy()
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
