import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'

interface ErrorPage {
  status: number
  pageTitle: string
  heading: string
  paragraphs: string[]
  showSignIn?: boolean
}

function pageFor(status: number, request: FastifyRequest, err?: Error & { code?: string }): ErrorPage {
  if (status === 404) {
    return {
      status,
      pageTitle: 'Page not found',
      heading: 'Page not found',
      paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'],
    }
  }
  if (status === 401) {
    return { status, pageTitle: 'Sign in to continue', heading: 'Sign in to continue', paragraphs: ['You need to be signed in to do this.'], showSignIn: true }
  }
  if (status === 403 && err?.code?.startsWith('FST_CSRF')) {
    return {
      status,
      pageTitle: 'Your form could not be sent',
      heading: 'Your form could not be sent',
      paragraphs: ['This can happen if the page was open for a long time or you signed out in another window.', 'Go back, refresh the page and try again. Your answers were not saved.'],
    }
  }
  if (status === 403) {
    return {
      status,
      pageTitle: 'You do not have permission to see this page',
      heading: 'You do not have permission to see this page',
      paragraphs: ['Your account does not give you access to this page.'],
      showSignIn: !request.currentUser,
    }
  }
  if (status === 429) {
    return {
      status,
      pageTitle: 'Too many attempts',
      heading: 'Too many attempts',
      paragraphs: ['You have tried this too many times in a short time.', 'Wait a minute, then try again.'],
    }
  }
  if (status === 413) {
    return { status, pageTitle: 'The file is too large', heading: 'The file is too large', paragraphs: ['Go back and choose a smaller file.'] }
  }
  if (status >= 400 && status < 500) {
    return { status, pageTitle: 'There is a problem with your request', heading: 'There is a problem with your request', paragraphs: [err?.message ?? 'Go back and try again.'] }
  }
  return {
    status: 500,
    pageTitle: 'Sorry, there is a problem with the service',
    heading: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later.', 'Anything you entered before this page was saved.'],
  }
}

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? ''
  return accept.includes('application/json') && !accept.includes('text/html')
}

function send(request: FastifyRequest, reply: FastifyReply, page: ErrorPage, detail?: string): FastifyReply {
  if (wantsJson(request)) return reply.code(page.status).send({ error: page.heading, status: page.status, requestId: request.id })
  return reply.render('pages/error.njk', { ...page, detail, requestId: request.id }, page.status)
}

/** One error handler: logs with the request id and renders a GOV.UK error page (JSON for API clients). */
export function registerErrorHandling(app: FastifyInstance, opts: { production: boolean }): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const status = error instanceof AppError ? error.status : (error.statusCode ?? 500)
    if (status >= 500) request.log.error({ err: error, url: request.url, userId: request.currentUser?.id }, 'request failed')
    else request.log.info({ status, code: error.code, url: request.url }, 'request refused')
    if (status === 429 && reply.getHeader('retry-after') === undefined) reply.header('Retry-After', '60')
    const page = pageFor(status, request, error as Error & { code?: string })
    const detail = !opts.production && page.status >= 500 ? String(error.stack ?? error.message) : undefined
    return send(request, reply, page, detail)
  })

  app.setNotFoundHandler(
    {
      preHandler: app.rateLimit ? app.rateLimit({ max: 120, timeWindow: '1 minute' }) : undefined,
    },
    (request, reply) => send(request, reply, pageFor(404, request)),
  )
}
