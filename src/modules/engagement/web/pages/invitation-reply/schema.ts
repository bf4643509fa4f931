// The reply form (online through the link, and by phone for staff): accept or decline, and which of the person's
// support needs apply this time (or none). Every problem at once, in page order.
import { z } from 'zod'
import { replyProblems, type ReplyInput } from '../../../domain/invitations.ts'

export const REPLY_FIELDS = ['reply', 'needs'] as const

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [])

/** The schema for a person offered these support needs (codes). */
export function replySchema(offered: readonly string[]) {
  return z.record(z.string(), z.unknown()).transform((values, ctx) => {
    const input: ReplyInput = { reply: typeof values.reply === 'string' ? values.reply : '', needs: list(values.needs) }
    const problems = replyProblems(input, offered)
    for (const field of REPLY_FIELDS) {
      const p = problems.find(x => x.field === field)
      if (p) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message })
    }
    return problems.length > 0 ? z.NEVER : input
  })
}

/** The reply radios and the needs checkboxes ("none" set apart as exclusive), with what was chosen checked. */
export function replyChoices(offered: readonly { code: string; label: string }[], values: Record<string, unknown>) {
  const needs = list(values.needs)
  return {
    needs: [
      ...offered.map(n => ({ value: n.code, text: n.label, checked: needs.includes(n.code) })),
      ...(offered.length ? [{ divider: 'or' }, { value: 'none', text: 'None of these', behaviour: 'exclusive', checked: needs.includes('none') }] : []),
    ],
    reply: values.reply,
  }
}
