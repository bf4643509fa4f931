import type { JobDefinition } from '../../platform/jobs/jobs.ts'
import { formRateLimit } from '../../platform/http/security.ts'
import { removeExpiredJoinDrafts } from './domain/join-draft.ts'
import type { PanelSlice } from './panel-slice.ts'
import * as addParticipant from './web/pages/add-participant/controller.ts'
import * as joinController from './web/pages/join/controller.ts'

/** Unfinished online joining answers are kept JOIN_DRAFT_DAYS; then this removes them. */
const pruneJoinDraftsJob: JobDefinition = {
  name: 'panel.join_drafts_pruned',
  description: 'Remove the saved answers of people who started joining the panel online and did not finish in time',
  everyMinutes: 60,
  async run(deps) {
    return { removed: await removeExpiredJoinDrafts(deps) }
  },
}

/**
 * Joining the panel: the public's question-per-page journey (/join), with "save and come back later" by emailed link,
 * and staff or partners entering someone who joined by phone, by post or through a partner (/panel/participants/new).
 * Every change records the consents given, with the wording version shown.
 */
export const joinSlice: PanelSlice = {
  nav: [
    { text: 'Join the panel', href: '/join', permission: 'panel:join', signedOut: true },
    { text: 'Add to the panel', href: '/panel/participants/new', permission: 'panel:register' },
  ],
  auditEvents: [
    'panel.consent_given',
    'panel.consent_withdrawn',
    'panel.consent_declined',
    'panel.join_resume_link_sent',
    'panel.join_resumed',
    'panel.joined_online',
    'panel.join_refused_already_on_panel',
    'panel.account_linked',
  ],
  jobs: [pruneJoinDraftsJob],
  routes(app, deps) {
    const join = { permission: 'panel:join' as const }
    const post = { ...join, rateLimit: formRateLimit(deps.config.auth.publicFormRatePerMinute) }
    const q = joinController.QUESTION_PAGES
    app.get('/join', { config: join }, joinController.start(deps))
    app.get('/join/name', { config: join }, joinController.getQuestion(deps, q.namePage))
    app.post('/join/name', { config: post }, joinController.postQuestion(deps, q.namePage))
    app.get('/join/contact', { config: join }, joinController.getQuestion(deps, q.contactPage))
    app.post('/join/contact', { config: post }, joinController.postQuestion(deps, q.contactPage))
    app.get('/join/preferences', { config: join }, joinController.getQuestion(deps, q.preferencesPage))
    app.post('/join/preferences', { config: post }, joinController.postQuestion(deps, q.preferencesPage))
    app.get('/join/about', { config: join }, joinController.aboutIntro())
    app.get('/join/about/:dimension', { config: join }, joinController.getQuestion(deps, q.dimensionQuestionPage))
    app.post('/join/about/:dimension', { config: post }, joinController.postQuestion(deps, q.dimensionQuestionPage))
    app.get('/join/support', { config: join }, joinController.getQuestion(deps, q.supportPage))
    app.post('/join/support', { config: post }, joinController.postQuestion(deps, q.supportPage))
    app.get('/join/consent', { config: join }, joinController.getQuestion(deps, q.consentPage))
    app.post('/join/consent', { config: post }, joinController.postQuestion(deps, q.consentPage))
    app.get('/join/check', { config: join }, joinController.getCheck(deps))
    app.post('/join/check', { config: post }, joinController.postCheck(deps))
    app.get('/join/confirmation', { config: join }, joinController.confirmation())
    app.get('/join/save', { config: join }, joinController.getSave(deps))
    app.post('/join/save', { config: post }, joinController.postSave(deps))
    app.get('/join/saved', { config: join }, joinController.saved())
    app.get('/join/resume/:token', { config: join }, joinController.getResume(deps))
    app.post('/join/resume/:token', { config: post }, joinController.postResume(deps))

    const register = { permission: 'panel:register' as const }
    app.get('/panel/participants/new', { config: register }, addParticipant.get(deps))
    app.post('/panel/participants/new', { config: register }, addParticipant.post(deps))
  },
}
