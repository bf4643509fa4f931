// The optional language model: its settings (off unless set, checked at start-up, the key kept out of logs) and the
// OpenAI-compatible provider against a local fake server that checks each request (endpoint, JSON body with
// temperature 0, a bearer key only when one is set), with the timeout and the servers' error bodies in plain English.
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { after, before, describe, it } from 'node:test'
import { ConfigError, loadConfig } from '../../../../platform/config.ts'
import { fakeLanguageModelServer } from './llm-fake.test-support.ts'
import { chatCompletionsUrl, LanguageModelError, languageModelFrom, openAiCompatibleModel } from './provider.ts'

const KEY = 'sk-test-0123456789-very-secret'

describe('language model settings', () => {
  it('are off unless ANALYSIS_LLM_URL is set', () => {
    const c = loadConfig({})
    assert.equal(c.analysisLanguageModel, undefined)
    assert.equal(languageModelFrom(c), null)
  })

  it('take the address, model, optional key and timeout (60 seconds unless given)', () => {
    const c = loadConfig({ ANALYSIS_LLM_URL: 'http://127.0.0.1:8080/', ANALYSIS_LLM_MODEL: 'llama-3.1-8b-instruct' })
    assert.deepEqual({ ...c.analysisLanguageModel }, { url: 'http://127.0.0.1:8080', model: 'llama-3.1-8b-instruct', timeoutSeconds: 60 })
    assert.equal(c.analysisLanguageModel?.apiKey, undefined)
    const withKey = loadConfig({ ANALYSIS_LLM_URL: 'https://models.example/api', ANALYSIS_LLM_MODEL: 'm', ANALYSIS_LLM_API_KEY: KEY, ANALYSIS_LLM_TIMEOUT_SECONDS: '15' })
    assert.equal(withKey.analysisLanguageModel?.apiKey, KEY)
    assert.equal(withKey.analysisLanguageModel?.timeoutSeconds, 15)
    const model = languageModelFrom(withKey)!
    assert.equal(model.name, 'OpenAI-compatible server at https://models.example')
    assert.equal(model.model, 'm')
  })

  it('keep the key out of logs: not in JSON, not when the configuration is inspected or copied', () => {
    const c = loadConfig({ ANALYSIS_LLM_URL: 'https://models.example', ANALYSIS_LLM_MODEL: 'm', ANALYSIS_LLM_API_KEY: KEY })
    assert.ok(!JSON.stringify(c).includes(KEY))
    assert.ok(!inspect(c, { depth: 10 }).includes(KEY))
    assert.match(inspect(c.analysisLanguageModel), /\[hidden\]/)
    assert.ok(!JSON.stringify({ ...c.analysisLanguageModel }).includes(KEY))
  })

  it('refuse to start when the address is not http(s), the model is missing, or the address is missing', () => {
    assert.throws(() => loadConfig({ ANALYSIS_LLM_URL: 'ftp://models.example', ANALYSIS_LLM_MODEL: 'm' }), /ANALYSIS_LLM_URL: must be an http:\/\/ or https:\/\/ address/)
    assert.throws(
      () => loadConfig({ ANALYSIS_LLM_URL: 'http://127.0.0.1:8080' }),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 1 && /^ANALYSIS_LLM_MODEL: required when ANALYSIS_LLM_URL is set/.test(err.problems[0]!),
    )
    assert.throws(() => loadConfig({ ANALYSIS_LLM_MODEL: 'm' }), /ANALYSIS_LLM_URL: required when ANALYSIS_LLM_MODEL or ANALYSIS_LLM_API_KEY is set/)
    assert.throws(
      () => loadConfig({ ANALYSIS_LLM_API_KEY: KEY }),
      (err: unknown) => err instanceof ConfigError && /ANALYSIS_LLM_URL: required/.test(err.message) && !err.message.includes(KEY),
    )
    assert.throws(() => loadConfig({ ANALYSIS_LLM_URL: 'http://x.example', ANALYSIS_LLM_MODEL: 'm', ANALYSIS_LLM_TIMEOUT_SECONDS: 'soon' }), /ANALYSIS_LLM_TIMEOUT_SECONDS/)
  })

  it('post to {url}/v1/chat/completions, also when the address already ends in /v1', () => {
    assert.equal(chatCompletionsUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080/v1/chat/completions')
    assert.equal(chatCompletionsUrl('https://models.example/v1/'), 'https://models.example/v1/chat/completions')
    assert.equal(chatCompletionsUrl('https://models.example/llm'), 'https://models.example/llm/v1/chat/completions')
  })
})

describe('the OpenAI-compatible provider, against a local fake server', () => {
  let open: Awaited<ReturnType<typeof fakeLanguageModelServer>>
  let keyed: Awaited<ReturnType<typeof fakeLanguageModelServer>>
  before(async () => {
    open = await fakeLanguageModelServer({ model: 'local-model' })
    keyed = await fakeLanguageModelServer({ key: KEY, model: 'hosted-model' })
  })
  after(async () => {
    await open.close()
    await keyed.close()
  })

  it('sends {model, messages: [system, user], temperature: 0} without a key when none is set, and reads the answer', async () => {
    open.answer(() => ({ content: 'Hello there', model: 'local-model-q4' }))
    const model = openAiCompatibleModel({ url: open.url, model: 'local-model', timeoutSeconds: 5 })
    const reply = await model.complete({ system: 'Be brief.', user: 'Say hello.' })
    const req = open.requests.at(-1)!
    assert.deepEqual(req.problems, [])
    assert.equal(req.headers.authorization, undefined)
    assert.deepEqual(req.body, { model: 'local-model', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello.' }], temperature: 0 })
    assert.deepEqual(reply, { text: 'Hello there', model: 'local-model-q4', usage: { promptTokens: 120, completionTokens: 40, totalTokens: 160 }, finishReason: 'stop' })
  })

  it('sends the key as a bearer token when one is set', async () => {
    keyed.answer(() => ({ content: '{"points": []}' }))
    const model = openAiCompatibleModel({ url: keyed.url, model: 'hosted-model', apiKey: KEY, timeoutSeconds: 5 })
    const reply = await model.complete({ system: 's', user: 'u' })
    assert.equal(keyed.requests.at(-1)!.headers.authorization, `Bearer ${KEY}`)
    assert.deepEqual(keyed.requests.at(-1)!.problems, [])
    assert.equal(reply.text, '{"points": []}')
    assert.equal(reply.model, 'hosted-model')
  })

  it('says plainly when the key is refused, without ever repeating the key', async () => {
    keyed.answer(() => ({ content: 'x' }))
    const wrong = openAiCompatibleModel({ url: keyed.url, model: 'hosted-model', apiKey: 'sk-wrong-key-987', timeoutSeconds: 5 })
    // The fake answers 400 with its problem; a real server answers 401. Both name the key only as the setting.
    await assert.rejects(wrong.complete({ system: 's', user: 'u' }), (err: unknown) => err instanceof LanguageModelError && /status 400\): wrong or missing key/.test(err.message))
    keyed.answer(() => ({ status: 401, raw: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } }) }))
    const model = openAiCompatibleModel({ url: keyed.url, model: 'hosted-model', apiKey: KEY, timeoutSeconds: 5 })
    await assert.rejects(model.complete({ system: 's', user: 'u' }), (err: unknown) => {
      assert.ok(err instanceof LanguageModelError)
      assert.match(err.message, /^The language model server refused the request \(status 401\): check ANALYSIS_LLM_API_KEY: Incorrect API key provided: \[hidden\]$/)
      assert.ok(!err.message.includes(KEY))
      return true
    })
  })

  it('turns each server error shape into plain English', async () => {
    const model = openAiCompatibleModel({ url: open.url, model: 'local-model', timeoutSeconds: 5 })
    const cases: [Parameters<typeof open.answer>[0], RegExp][] = [
      [() => ({ status: 404, raw: JSON.stringify({ error: 'model "local-model" not found, try pulling it first' }) }), /no such model or address \(status 404\): check ANALYSIS_LLM_URL and ANALYSIS_LLM_MODEL: model "local-model" not found/],
      [() => ({ status: 500, raw: JSON.stringify({ detail: 'CUDA out of memory' }) }), /^The language model server answered with an error \(status 500\): CUDA out of memory$/],
      [() => ({ status: 502, raw: '<html><body>Bad gateway</body></html>', contentType: 'text/html' }), /^The language model server answered with an error \(status 502\)$/],
      [() => ({ status: 503, raw: 'overloaded, try later', contentType: 'text/plain' }), /\(status 503\): overloaded, try later$/],
      [() => ({ status: 200, raw: 'not json at all', contentType: 'text/plain' }), /did not answer in JSON/],
      [() => ({ status: 200, raw: JSON.stringify({ choices: [] }) }), /answered without a message \(no choices\[0\]\.message\.content\)/],
    ]
    for (const [answer, expected] of cases) {
      open.answer(answer)
      await assert.rejects(model.complete({ system: 's', user: 'u' }), (err: unknown) => err instanceof LanguageModelError && expected.test(err.message), String(expected))
    }
  })

  it('gives up after the timeout, saying so', async () => {
    open.answer(() => ({ hangMs: 3_000 }))
    const model = openAiCompatibleModel({ url: open.url, model: 'local-model', timeoutSeconds: 0.2 })
    await assert.rejects(model.complete({ system: 's', user: 'u' }), (err: unknown) => err instanceof LanguageModelError && /did not answer within 0.2 seconds/.test(err.message))
  })

  it('says when the server cannot be reached', async () => {
    const gone = await fakeLanguageModelServer()
    const url = gone.url
    await gone.close()
    const model = openAiCompatibleModel({ url, model: 'local-model', timeoutSeconds: 5 })
    await assert.rejects(model.complete({ system: 's', user: 'u' }), (err: unknown) => err instanceof LanguageModelError && /could not be reached at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check ANALYSIS_LLM_URL/.test(err.message))
  })
})
