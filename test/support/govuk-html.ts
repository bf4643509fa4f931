// Reading GOV.UK pages in route tests (app.inject): the error summary, tables and form values, without a browser.
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'

/** The error summary's links, as [href, text]; each must lead to a field on the page. */
export function errorSummaryOf(html: string): [string, string][] {
  const list = html.match(/<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? ''
  const links = [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(m => [m[1]!, m[2]!] as [string, string])
  for (const [href, text] of links) assert.ok(html.includes(`id="${href.slice(1)}"`), `"${text}" links to ${href}, which is not on the page`)
  return links
}

/** The GOV.UK error pattern: status 400, "Error: " in the title, the summary links each field in page order. */
export function expectFormErrors(res: LightMyRequestResponse, title: string, expected: [field: string, message: string | RegExp][]): void {
  assert.equal(res.statusCode, 400, res.body.slice(0, 3000))
  assert.ok(res.body.includes(`<title>Error: ${title}`), `title: ${/<title>([^<]*)/.exec(res.body)?.[1]}`)
  const summary = errorSummaryOf(res.body)
  assert.deepEqual(summary.map(s => s[0]), expected.map(e => `#${e[0]}`))
  for (const [i, [, message]] of expected.entries()) {
    if (typeof message === 'string') assert.equal(summary[i]![1], message)
    else assert.match(summary[i]![1], message)
  }
}

/** The body rows of the table with this id, each as its cells' text. */
export function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table class="govuk-table" id="${id}"[^>]*>[\\s\\S]*?</table>`).exec(html)?.[0] ?? ''
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? ''
  return (body.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []).map(tr => [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(c => c[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()))
}

export const textareaValue = (html: string, name: string) => new RegExp(`<textarea[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1]
export const inputValue = (html: string, name: string) => new RegExp(`<input[^>]*\\bname="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1]
