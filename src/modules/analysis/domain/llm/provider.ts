// An optional large language model, behind an interface, for drafting aids in analysis. Off by default: with
// ANALYSIS_LLM_URL unset, `languageModelFrom` gives null and nothing is ever sent anywhere.
//
// The one implementation speaks the OpenAI-compatible chat-completions API that most self-hosted model servers offer
// (llama.cpp's server, vLLM, Ollama, LocalAI...) as well as hosted ones:
//   POST {url}/v1/chat/completions
//   Authorization: Bearer <key>            (only when ANALYSIS_LLM_API_KEY is set)
//   { "model", "messages": [ { "role": "system", ... }, { "role": "user", ... } ], "temperature": 0 }
//   -> 200 { "model", "choices": [ { "message": { "content" }, "finish_reason" } ], "usage": { ... } }
// Errors come back as { "error": { "message" } } (or, from some servers, { "error": "..." } or { "detail": "..." }).
//
// The key is never logged, never put in an error message, never stored.
import type { AnalysisLanguageModelConfig, Config } from '../../../../platform/config.ts'

export interface LanguageModelRequest {
  /** What the model is and the rules it must keep. */
  system: string
  /** The task and the evidence. */
  user: string
}

export interface LanguageModelReply {
  /** The model's answer as it came. */
  text: string
  /** The model that answered, as the server names it. */
  model: string
  usage?: { promptTokens?: number; completionTokens?: number; totalTokens?: number }
  /** Why the model stopped, when the server says: "length" means the answer was cut short. */
  finishReason?: string
}

export interface LanguageModel {
  /** Where the requests go, for the log and the page (never the key). */
  readonly name: string
  /** The model asked for. */
  readonly model: string
  complete(request: LanguageModelRequest): Promise<LanguageModelReply>
}

/** A call that did not give an answer: the message is plain English, fit to show an analyst and to log. */
export class LanguageModelError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LanguageModelError'
  }
}

/** The largest answer read from the server: more is refused rather than stored. */
export const MAX_REPLY_CHARACTERS = 200_000

/** The language model in the configuration, or null when it is off (the default). */
export function languageModelFrom(config: Pick<Config, 'analysisLanguageModel'>): LanguageModel | null {
  return config.analysisLanguageModel ? openAiCompatibleModel(config.analysisLanguageModel) : null
}

/** The chat-completions endpoint of a server address: "{url}/v1/chat/completions" (an address ending in /v1 is taken as it is). */
export function chatCompletionsUrl(url: string): string {
  return `${url.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`
}

/** An OpenAI-compatible chat-completions server. */
export function openAiCompatibleModel(settings: AnalysisLanguageModelConfig): LanguageModel {
  const endpoint = chatCompletionsUrl(settings.url)
  const origin = new URL(endpoint).origin
  const key = settings.apiKey
  const hide = (s: string) => (key ? s.split(key).join('[hidden]') : s)
  return {
    name: `OpenAI-compatible server at ${origin}`,
    model: settings.model,
    async complete(request) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
      if (key) headers.authorization = `Bearer ${key}`
      let res: Response
      let raw: string
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            model: settings.model,
            messages: [
              { role: 'system', content: request.system },
              { role: 'user', content: request.user },
            ],
            temperature: 0,
          }),
          signal: AbortSignal.timeout(settings.timeoutSeconds * 1000),
        })
        raw = await res.text()
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } }
        if (e.name === 'TimeoutError' || e.name === 'AbortError') {
          throw new LanguageModelError(`The language model did not answer within ${settings.timeoutSeconds} seconds. Try again later, or ask whoever runs it to check it.`)
        }
        const why = e.cause?.code ?? e.cause?.message ?? e.message
        throw new LanguageModelError(hide(`The language model could not be reached at ${origin} (${why}). Check ANALYSIS_LLM_URL and that the server is running.`))
      }
      if (!res.ok) {
        const why = errorMessageOf(raw)
        const tail = why ? `: ${why}` : ''
        if (res.status === 401 || res.status === 403) {
          throw new LanguageModelError(hide(`The language model server refused the request (status ${res.status}): check ANALYSIS_LLM_API_KEY${tail}`).slice(0, 1000))
        }
        if (res.status === 404) {
          throw new LanguageModelError(hide(`The language model server has no such model or address (status 404): check ANALYSIS_LLM_URL and ANALYSIS_LLM_MODEL${tail}`).slice(0, 1000))
        }
        throw new LanguageModelError(hide(`The language model server answered with an error (status ${res.status})${tail}`).slice(0, 1000))
      }
      if (raw.length > MAX_REPLY_CHARACTERS) throw new LanguageModelError(`The language model's answer was too long (over ${MAX_REPLY_CHARACTERS.toLocaleString('en-GB')} characters)`)
      let json: ChatCompletion
      try {
        json = JSON.parse(raw) as ChatCompletion
      } catch {
        throw new LanguageModelError('The language model server did not answer in JSON: is ANALYSIS_LLM_URL an OpenAI-compatible chat-completions server?')
      }
      const choice = Array.isArray(json?.choices) ? json.choices[0] : undefined
      const text = choice?.message?.content
      if (typeof text !== 'string') {
        throw new LanguageModelError('The language model server answered without a message (no choices[0].message.content): is it an OpenAI-compatible chat-completions server?')
      }
      const u = json.usage
      const usage = u && typeof u === 'object' ? { promptTokens: num(u.prompt_tokens), completionTokens: num(u.completion_tokens), totalTokens: num(u.total_tokens) } : undefined
      return {
        text,
        model: typeof json.model === 'string' && json.model ? json.model : settings.model,
        ...(usage ? { usage } : {}),
        ...(typeof choice?.finish_reason === 'string' ? { finishReason: choice.finish_reason } : {}),
      }
    },
  }
}

interface ChatCompletion {
  model?: unknown
  choices?: { message?: { content?: unknown }; finish_reason?: unknown }[]
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown }
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

/** The server's own words about an error, from the usual shapes, shortened; '' when there are none. */
export function errorMessageOf(raw: string): string {
  let message = ''
  try {
    const j = JSON.parse(raw) as { error?: unknown; detail?: unknown; message?: unknown }
    const e = j?.error
    if (typeof e === 'string') message = e
    else if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') message = (e as { message: string }).message
    else if (typeof j?.detail === 'string') message = j.detail
    else if (typeof j?.message === 'string') message = j.message
  } catch {
    message = raw.trim().startsWith('<') ? '' : raw
  }
  return message.replace(/\s+/g, ' ').trim().slice(0, 300)
}
