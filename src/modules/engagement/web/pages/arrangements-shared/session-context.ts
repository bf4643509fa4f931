// What every arrangements page of a session shows at the top: the activity, the session in words, and links to the
// session's attendance, accommodations and expenses (only those the person may open).
import type { Actor } from '../../../../../platform/auth/actor.ts'
import { can } from '../../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { getActivity, getSession } from '../../../domain/activities.ts'
import { inPageOrder } from '../../forms.ts'
import { sessionRow } from '../../view-models.ts'

export type SessionTab = 'attendance' | 'accommodations' | 'expenses'

function may(actor: Actor, action: Parameters<typeof can>[1]): boolean {
  return actor.role !== 'system' && can(actor.role, action)
}

/** The session, its activity and the tabs, for the page of `current`. */
export async function sessionContext(deps: AppDeps, actor: Actor, sessionId: string, current: SessionTab) {
  const session = await getSession(deps, actor, sessionId)
  const activity = await getActivity(deps, actor, session.activityId)
  const tabs = [
    { key: 'attendance', text: 'Attendance', href: `/engagement/sessions/${session.id}/attendance`, show: may(actor, 'engagement:record_attendance') },
    { key: 'accommodations', text: 'Accommodations', href: `/engagement/sessions/${session.id}/accommodations`, show: may(actor, 'engagement:read') },
    { key: 'expenses', text: 'Expenses', href: `/engagement/sessions/${session.id}/expenses`, show: may(actor, 'engagement:manage') },
  ]
    .filter(t => t.show)
    .map(t => ({ ...t, current: t.key === current }))
  return { session: sessionRow(session), activity: { id: activity.id, title: activity.title, kindLabel: activity.kindLabel }, tabs }
}

/** Whether the actor may do this (for showing a form or a link; the route checks again). */
export { may }

type Issue = { field: string; message: string }

/**
 * Run a command with what the form read. The command checks everything the form does and more (a pseudonym against
 * the panel), and saves nothing unless all is right; so when the form found problems it still runs, to show every
 * problem at once. Returns the problems (empty: saved), in the form's field order.
 */
export async function runWithProblems(
  form: { ok: true } | { ok: false; errors: Issue[] },
  run: () => Promise<unknown>,
  order: readonly string[],
): Promise<Issue[]> {
  const formErrors = form.ok ? [] : form.errors
  try {
    await run()
    if (formErrors.length === 0) return []
    throw new Error('the command accepted what the form refused')
  } catch (err) {
    const domain = fieldErrorsOf(err)
    return inPageOrder([...formErrors, ...domain.filter(d => !formErrors.some(f => f.field === d.field))], order)
  }
}
