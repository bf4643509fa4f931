import type { FastifyRequest } from 'fastify'

/** Start a signed-in session: a NEW session id (no fixation), the user, and when they signed in. Returns where to go next. */
export async function startSignedInSession(request: FastifyRequest, userId: string, now: Date): Promise<string> {
  const returnTo = safeReturnTo(request.session.returnTo)
  await request.session.regenerate()
  request.session.userId = userId
  request.session.signedInAt = now.toISOString()
  return returnTo
}

/** Only same-site paths, never another host. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/'
  if (value.startsWith('/sign-in') || value.startsWith('/sign-out')) return '/'
  return value
}
