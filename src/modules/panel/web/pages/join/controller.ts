import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../../platform/errors.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { findDimension, panelCatalogue, type PanelCatalogue } from '../../../domain/catalogue.ts'
import { specialCategoryDimensionKeys } from '../../../domain/consent.ts'
import { getCurrentConsentWordings } from '../../../domain/consent-queries.ts'
import {
  checkJoinResumeLink,
  dimensionPage,
  JOIN_DRAFT_DAYS,
  loadJoinDraft,
  parseJoinAnswers,
  resumeJoinDraft,
  saveJoinPage,
  sendJoinResumeLink,
  specialCategoryAgreed,
  type JoinDraftAnswers,
  type ParsedJoin,
} from '../../../domain/join-draft.ts'
import {
  answersSchema,
  consentsSchema,
  contactMethodsSchema,
  nameSchema,
  preferencesSchema,
  supportNeedsSchema,
  type FormValues,
} from '../../../domain/join-questions.ts'
import { submitJoin } from '../../../domain/join-submit.ts'
import {
  addressLines,
  answerLabels,
  channelLabel,
  channelOptions,
  consentWordingsView,
  dimensionView,
  formatLabel,
  formatOptions,
  formValues,
  supportNeedLines,
} from './view-models.ts'

declare module 'fastify' {
  interface Session {
    /** The online joining journey's draft (its id only: the answers are in the database, encrypted). */
    joinDraftId?: string
    /** Set when the person has just joined, for the confirmation page. */
    joinDone?: { emailed: boolean }
  }
}

const DIR = 'panel/web/pages/join'
type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>

/** The pages of the journey, in order (the "about you" introduction included). */
function journey(catalogue: PanelCatalogue): string[] {
  return [
    '/join/name',
    '/join/contact',
    '/join/preferences',
    '/join/about',
    ...catalogue.dimensions.map(d => `/join/about/${d.key}`),
    '/join/support',
    '/join/consent',
    '/join/check',
  ]
}

function neighbours(catalogue: PanelCatalogue, path: string): { back: string; next: string } {
  const all = journey(catalogue)
  const i = all.indexOf(path)
  return { back: i <= 0 ? '/join' : all[i - 1]!, next: all[i + 1] ?? '/join/check' }
}

function pathOfPage(page: string): string {
  if (page.startsWith('about-')) return `/join/about/${page.slice('about-'.length)}`
  return `/join/${page}`
}

/** Someone signed in is not joining as a new member of the public: the start page explains. */
function signedIn(request: FastifyRequest): boolean {
  return request.currentUser !== null
}

function isChanging(request: Req): boolean {
  return request.query?.change === '1'
}

// ---- the question pages ----

interface PageContext {
  catalogue: PanelCatalogue
  draft: JoinDraftAnswers | null
  parsed: ParsedJoin
  params: Record<string, string>
}

interface QuestionPage {
  /** The draft's key for this page's answers. */
  page(ctx: PageContext): string
  path(ctx: PageContext): string
  view: string
  title(ctx: PageContext): string
  schema(ctx: PageContext): z.ZodType
  model(deps: AppDeps, ctx: PageContext): Promise<Record<string, unknown>> | Record<string, unknown>
}

const namePage: QuestionPage = {
  page: () => 'name',
  path: () => '/join/name',
  view: `${DIR}/name.njk`,
  title: () => 'What is your full name?',
  schema: () => nameSchema('you'),
  model: () => ({}),
}

const contactPage: QuestionPage = {
  page: () => 'contact',
  path: () => '/join/contact',
  view: `${DIR}/contact.njk`,
  title: () => 'How can we contact you?',
  schema: () => contactMethodsSchema('you'),
  model: () => ({}),
}

const preferencesPage: QuestionPage = {
  page: () => 'preferences',
  path: () => '/join/preferences',
  view: `${DIR}/preferences.njk`,
  title: () => 'How would you like us to contact you?',
  schema: ctx => preferencesSchema('you', ctx.parsed.contact ?? {}),
  model: (_deps, ctx) => {
    const c = ctx.parsed.contact ?? {}
    // Offer only the ways we have the details for.
    const channels = channelOptions().filter(o =>
      o.code === 'email' ? !!c.email : o.code === 'text' || o.code === 'phone' ? !!c.phone : !!c.address,
    )
    return { channels: channels.length > 0 ? channels : channelOptions(), formats: formatOptions() }
  },
}

function dimensionOf(ctx: PageContext) {
  const d = findDimension(ctx.catalogue, ctx.params.dimension ?? '')
  if (!d) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such question' })
  return d
}

const dimensionQuestionPage: QuestionPage = {
  page: ctx => dimensionPage(dimensionOf(ctx).key),
  path: ctx => `/join/about/${dimensionOf(ctx).key}`,
  view: `${DIR}/about-question.njk`,
  title: ctx => dimensionOf(ctx).question,
  schema: ctx => answersSchema([dimensionOf(ctx)]),
  model: (_deps, ctx) => {
    const d = dimensionOf(ctx)
    const all = ctx.catalogue.dimensions
    return {
      dimension: dimensionView(d),
      questionNumber: all.indexOf(d) + 1,
      questionCount: all.length,
      special: specialCategoryDimensionKeys(ctx.catalogue).includes(d.key),
    }
  },
}

const supportPage: QuestionPage = {
  page: () => 'support',
  path: () => '/join/support',
  view: `${DIR}/support.njk`,
  title: () => 'Do you need any support to take part?',
  schema: ctx => supportNeedsSchema(ctx.catalogue, 'you'),
  model: (_deps, ctx) => ({ needs: ctx.catalogue.supportNeeds.map(n => ({ ...n })) }),
}

const consentPage: QuestionPage = {
  page: () => 'consent',
  path: () => '/join/consent',
  view: `${DIR}/consent.njk`,
  title: () => 'What you agree to',
  schema: () => consentsSchema('you', { joining: true }),
  model: async deps => ({ wordings: consentWordingsView(await getCurrentConsentWordings(deps), 'you') }),
}

export const QUESTION_PAGES = { namePage, contactPage, preferencesPage, dimensionQuestionPage, supportPage, consentPage }

async function contextOf(deps: AppDeps, request: Req): Promise<PageContext> {
  const catalogue = panelCatalogue()
  const draft = await loadJoinDraft(deps, request.session.joinDraftId)
  return { catalogue, draft, parsed: parseJoinAnswers(catalogue, draft ?? { pages: {} }), params: request.params ?? {} }
}

async function renderQuestion(
  deps: AppDeps,
  request: Req,
  reply: FastifyReply,
  q: QuestionPage,
  ctx: PageContext,
  values: FormValues | undefined,
  errors?: unknown,
) {
  const path = q.path(ctx)
  const { back } = neighbours(ctx.catalogue, path)
  const changing = isChanging(request)
  return reply.render(
    q.view,
    {
      pageTitle: q.title(ctx),
      backLink: changing ? '/join/check' : back,
      action: changing ? `${path}?change=1` : path,
      values: formValues(values, ctx.catalogue),
      errors,
      ...(await q.model(deps, ctx)),
    },
    errors ? 400 : undefined,
  )
}

export function getQuestion(deps: AppDeps, q: QuestionPage) {
  return async (request: Req, reply: FastifyReply) => {
    if (signedIn(request)) return reply.redirect('/join', 303)
    const ctx = await contextOf(deps, request)
    return renderQuestion(deps, request, reply, q, ctx, ctx.draft?.pages[q.page(ctx)])
  }
}

export function postQuestion(deps: AppDeps, q: QuestionPage) {
  return async (request: Req, reply: FastifyReply) => {
    if (signedIn(request)) return reply.redirect('/join', 303)
    const ctx = await contextOf(deps, request)
    const raw = { ...((request.body as FormValues | undefined) ?? {}) }
    const page = q.page(ctx)
    // Whatever happens next, what they typed is saved: nothing is lost, even if they leave now.
    request.session.joinDraftId = await saveJoinPage(deps, request.actor, request.session.joinDraftId, page, raw)
    if (raw.action === 'save') return reply.redirect('/join/save', 303)
    const form = parseForm(q.schema(ctx), raw)
    if (!form.ok) return renderQuestion(deps, request, reply, q, ctx, raw, form.errors)
    const path = q.path(ctx)
    if (isChanging(request)) return reply.redirect('/join/check', 303)
    return reply.redirect(neighbours(ctx.catalogue, path).next, 303)
  }
}

// ---- start, the "about you" introduction, check your answers, confirmation ----

export function start(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const draft = signedIn(request) ? null : await loadJoinDraft(deps, request.session.joinDraftId)
    return reply.render(`${DIR}/start.njk`, {
      pageTitle: 'Join our panel',
      signedIn: signedIn(request),
      hasDraft: draft !== null,
      draftDays: JOIN_DRAFT_DAYS,
    })
  }
}

export function aboutIntro() {
  return async (request: Req, reply: FastifyReply) => {
    if (signedIn(request)) return reply.redirect('/join', 303)
    const catalogue = panelCatalogue()
    const { back, next } = neighbours(catalogue, '/join/about')
    return reply.render(`${DIR}/about.njk`, {
      pageTitle: 'About you',
      backLink: back,
      next,
      skip: '/join/support',
      questionCount: catalogue.dimensions.length,
    })
  }
}

interface SummaryRow {
  key: string
  lines: string[]
  href: string
  hiddenText: string
}

function checkRows(catalogue: PanelCatalogue, parsed: ParsedJoin, wordings: Awaited<ReturnType<typeof getCurrentConsentWordings>>) {
  const c = parsed.contact ?? {}
  const p = parsed.preferences
  const details: SummaryRow[] = [
    { key: 'Name', lines: [parsed.fullName ?? ''], href: '/join/name?change=1', hiddenText: 'your name' },
    { key: 'Email address', lines: [c.email ?? 'Not given'], href: '/join/contact?change=1', hiddenText: 'your email address' },
    { key: 'Phone number', lines: [c.phone ?? 'Not given'], href: '/join/contact?change=1', hiddenText: 'your phone number' },
    {
      key: 'Postal address',
      lines: c.address ? addressLines(c.address) : ['Not given'],
      href: '/join/contact?change=1',
      hiddenText: 'your postal address',
    },
  ]
  const contact: SummaryRow[] = p
    ? [
        { key: 'How we contact you', lines: [channelLabel(p.preferredChannel)], href: '/join/preferences?change=1', hiddenText: 'how we contact you' },
        { key: 'Format', lines: [formatLabel(p.preferredFormat, p.preferredLanguage)], href: '/join/preferences?change=1', hiddenText: 'the format' },
      ]
    : []
  const special = specialCategoryAgreed(parsed.consents) ? [] : specialCategoryDimensionKeys(catalogue)
  const about: SummaryRow[] = catalogue.dimensions.map(d => {
    const labels = answerLabels(d, parsed.answers[d.key])
    const lines = labels.length === 0 ? ['Not answered'] : special.includes(d.key) ? ['Not kept: you did not agree to us keeping this'] : labels
    return { key: d.label, lines, href: `/join/about/${d.key}?change=1`, hiddenText: `your answer about ${d.label.toLowerCase()}` }
  })
  const support: SummaryRow[] = [
    {
      key: 'Support you need',
      lines: parsed.supportNeeds.length === 0 ? ['None'] : supportNeedLines(catalogue, parsed.supportNeeds),
      href: '/join/support?change=1',
      hiddenText: 'the support you need',
    },
  ]
  const agreed: SummaryRow[] = wordings.map(w => {
    const answer = parsed.consents?.find(x => x.purpose === w.purpose)
    return { key: w.title, lines: [answer?.given ? 'Yes' : 'No'], href: '/join/consent?change=1', hiddenText: `whether you agree: ${w.title.toLowerCase()}` }
  })
  return [
    { heading: 'Your details', rows: details },
    { heading: 'How we contact you', rows: contact },
    { heading: 'About you', rows: about },
    { heading: 'Support', rows: support },
    { heading: 'What you agree to', rows: agreed },
  ]
}

export function getCheck(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    if (signedIn(request)) return reply.redirect('/join', 303)
    const ctx = await contextOf(deps, request)
    if (!ctx.draft) return reply.redirect('/join', 303)
    const first = ctx.parsed.incomplete[0]
    // Someone who has been to the end before (and changed an answer that another now depends on) comes back here after it.
    if (first) return reply.redirect(`${pathOfPage(first)}${ctx.draft.pages.consent ? '?change=1' : ''}`, 303)
    return reply.render(`${DIR}/check.njk`, {
      pageTitle: 'Check your answers before you join',
      backLink: '/join/consent',
      sections: checkRows(ctx.catalogue, ctx.parsed, await getCurrentConsentWordings(deps)),
    })
  }
}

export function postCheck(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    if (signedIn(request)) return reply.redirect('/join', 303)
    const ctx = await contextOf(deps, request)
    if (!ctx.draft) return reply.redirect('/join', 303)
    const first = ctx.parsed.incomplete[0]
    if (first) return reply.redirect(pathOfPage(first), 303)
    const emailed = ctx.parsed.preferences?.preferredChannel === 'email' && !!ctx.parsed.contact?.email
    await submitJoin(deps, request.actor, request.session.joinDraftId)
    delete request.session.joinDraftId
    request.session.joinDone = { emailed }
    return reply.redirect('/join/confirmation', 303)
  }
}

export function confirmation() {
  return async (request: Req, reply: FastifyReply) => {
    const done = request.session.joinDone
    if (!done) return reply.redirect('/join', 303)
    return reply.render(`${DIR}/confirmation.njk`, { pageTitle: 'You have joined the panel', emailed: done.emailed })
  }
}

// ---- save and come back later ----

const saveSchema = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
})

export function getSave(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    if (signedIn(request)) return reply.redirect('/join', 303)
    const ctx = await contextOf(deps, request)
    if (!ctx.draft) return reply.redirect('/join', 303)
    const back = ctx.draft.lastPage ? pathOfPage(ctx.draft.lastPage) : '/join'
    return reply.render(`${DIR}/save.njk`, {
      pageTitle: 'Save your answers and come back later',
      backLink: back,
      // The address they typed on the contact page, even if that page is not finished.
      values: { email: ctx.parsed.contact?.email ?? String(ctx.draft.pages.contact?.email ?? '').trim() },
      draftDays: JOIN_DRAFT_DAYS,
    })
  }
}

export function postSave(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    if (signedIn(request)) return reply.redirect('/join', 303)
    const ctx = await contextOf(deps, request)
    if (!ctx.draft) return reply.redirect('/join', 303)
    const form = parseForm(saveSchema, request.body)
    if (!form.ok) {
      return reply.render(
        `${DIR}/save.njk`,
        { pageTitle: 'Save your answers and come back later', backLink: '/join', values: form.values, errors: form.errors, draftDays: JOIN_DRAFT_DAYS },
        400,
      )
    }
    await sendJoinResumeLink(deps, request.actor, request.session.joinDraftId, form.value.email)
    // The answers leave this browser: on a shared computer, the next person cannot see them.
    delete request.session.joinDraftId
    return reply.redirect('/join/saved', 303)
  }
}

export function saved() {
  return async (_request: Req, reply: FastifyReply) =>
    reply.render(`${DIR}/saved.njk`, { pageTitle: 'Your answers are saved', draftDays: JOIN_DRAFT_DAYS })
}

// ---- the emailed link ----

/** Shows a button rather than using the link on GET, so email scanners that open links cannot use it up. */
export function getResume(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const token = request.params.token ?? ''
    const check = await checkJoinResumeLink(deps, token)
    if (!check.ok) return reply.render(`${DIR}/resume.njk`, { pageTitle: 'This link has stopped working', invalid: true, reason: check.reason }, 410)
    return reply.render(`${DIR}/resume.njk`, { pageTitle: 'Carry on joining the panel', token })
  }
}

export function postResume(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    if (signedIn(request)) return reply.redirect('/join', 303)
    const result = await resumeJoinDraft(deps, request.actor, request.params.token ?? '')
    if (!result) return reply.render(`${DIR}/resume.njk`, { pageTitle: 'This link has stopped working', invalid: true }, 410)
    request.session.joinDraftId = result.draftId
    const ctx = await contextOf(deps, request)
    if (ctx.parsed.incomplete.length === 0) return reply.redirect('/join/check', 303)
    return reply.redirect(result.lastPage ? pathOfPage(result.lastPage) : '/join/name', 303)
  }
}
