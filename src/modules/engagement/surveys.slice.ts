import type { FastifyRequest } from 'fastify'
import { formRateLimit } from '../../platform/http/security.ts'
import { isInvitationToken } from './domain/invitations.ts'
import type { EngagementSlice } from './engagement-slice.ts'
import { withInvitationLink } from './web/pages/invitation-reply/controller.ts'
import * as respond from './web/pages/respond/controller.ts'
import * as builder from './web/pages/survey-builder/controller.ts'
import * as entry from './web/pages/survey-entry/controller.ts'
import * as results from './web/pages/survey-results/controller.ts'

/**
 * Surveys and polls: the builder (/engagement/surveys/:activityId/build), the question pages people answer
 * (/surveys/:surveyId), the same pages for an invited person through their invitation's link without signing in
 * (/invitations/:token/survey), staff entry on someone's behalf (/engagement/surveys/:activityId/entries) and results.
 */
export const surveysSlice: EngagementSlice = {
  nav: [
    { text: 'Surveys', href: '/surveys', permission: 'engagement:respond', signedIn: true },
    { text: 'Surveys and polls', href: '/engagement/surveys', permission: 'engagement:enter_on_behalf' },
  ],
  auditEvents: [
    'engagement.survey_created',
    'engagement.survey_intro_changed',
    'engagement.survey_section_added',
    'engagement.survey_section_changed',
    'engagement.survey_section_removed',
    'engagement.survey_section_moved',
    'engagement.survey_question_added',
    'engagement.survey_question_changed',
    'engagement.survey_question_removed',
    'engagement.survey_question_moved',
    'engagement.survey_condition_set',
    'engagement.survey_response_started',
    'engagement.survey_response_entered_on_behalf',
    'engagement.survey_answer_saved',
    'engagement.survey_response_submitted',
  ],
  routes(app, deps) {
    // Anyone may answer a public poll: their posts are rate-limited; signed-in people (panel members) are not.
    const respondGet = { permission: 'engagement:respond' as const }
    const respondPost = {
      ...respondGet,
      rateLimit: { ...formRateLimit(deps.config.auth.publicFormRatePerMinute), allowList: (request: FastifyRequest) => request.currentUser !== null },
    }
    app.get('/surveys', { config: respondGet }, respond.list(deps))
    app.get('/surveys/:surveyId', { config: respondGet }, respond.start(deps))
    app.post('/surveys/:surveyId/start', { config: respondPost }, respond.postStart(deps))
    app.get('/surveys/:surveyId/questions/:questionId', { config: respondGet }, respond.getQuestion(deps, 'own'))
    app.post('/surveys/:surveyId/questions/:questionId', { config: respondPost }, respond.postQuestion(deps, 'own'))
    app.get('/surveys/:surveyId/saved', { config: respondGet }, respond.saved(deps))
    app.get('/surveys/:surveyId/check', { config: respondGet }, respond.getCheck(deps, 'own'))
    app.post('/surveys/:surveyId/check', { config: respondPost }, respond.postCheck(deps, 'own'))
    app.get('/surveys/:surveyId/done', { config: respondGet }, respond.done(deps, 'own'))

    // An invited person, through the link in their invitation (no sign-in: the token stands for them). A valid
    // token is let through the public forms' rate limit (a long survey is many posts); a guessed one is limited.
    const invitedGet = { config: respondGet }
    const invitedPost = {
      config: {
        ...respondGet,
        rateLimit: {
          ...formRateLimit(deps.config.auth.publicFormRatePerMinute),
          allowList: (request: FastifyRequest) => isInvitationToken(deps, (request.params as { token?: string }).token ?? ''),
        },
      },
    }
    const i = '/invitations/:token/survey'
    app.get(i, invitedGet, withInvitationLink(respond.invitedStart(deps)))
    app.post(`${i}/start`, invitedPost, withInvitationLink(respond.invitedPostStart(deps)))
    app.get(`${i}/questions/:questionId`, invitedGet, withInvitationLink(respond.getQuestion(deps, 'invited')))
    app.post(`${i}/questions/:questionId`, invitedPost, withInvitationLink(respond.postQuestion(deps, 'invited')))
    app.get(`${i}/saved`, invitedGet, withInvitationLink(respond.saved(deps, 'invited')))
    app.get(`${i}/check`, invitedGet, withInvitationLink(respond.getCheck(deps, 'invited')))
    app.post(`${i}/check`, invitedPost, withInvitationLink(respond.postCheck(deps, 'invited')))
    app.get(`${i}/done`, invitedGet, withInvitationLink(respond.done(deps, 'invited')))

    const enter = { permission: 'engagement:enter_on_behalf' as const }
    app.get('/engagement/surveys', { config: enter }, builder.list(deps))
    app.get('/engagement/surveys/:activityId/entries/new', { config: enter }, entry.get(deps))
    app.post('/engagement/surveys/:activityId/entries/new', { config: enter }, entry.post(deps))
    const e = '/engagement/surveys/:activityId/entries/:responseId'
    app.get(`${e}/questions/:questionId`, { config: enter }, respond.getQuestion(deps, 'entry'))
    app.post(`${e}/questions/:questionId`, { config: enter }, respond.postQuestion(deps, 'entry'))
    app.get(`${e}/check`, { config: enter }, respond.getCheck(deps, 'entry'))
    app.post(`${e}/check`, { config: enter }, respond.postCheck(deps, 'entry'))
    app.get(`${e}/done`, { config: enter }, respond.done(deps, 'entry'))

    app.get('/engagement/surveys/:activityId/results', { config: { permission: 'engagement:read' } }, results.get(deps))

    const manage = { permission: 'engagement:manage' as const }
    const b = '/engagement/surveys/:activityId/build'
    app.get(b, { config: manage }, builder.overview(deps))
    app.post(`${b}/intro`, { config: manage }, builder.postIntro(deps))
    app.get(`${b}/preview`, { config: manage }, builder.preview(deps))
    app.get(`${b}/sections/new`, { config: manage }, builder.getSection(deps))
    app.post(`${b}/sections/new`, { config: manage }, builder.postSection(deps))
    app.get(`${b}/sections/:sectionId`, { config: manage }, builder.getSection(deps))
    app.post(`${b}/sections/:sectionId`, { config: manage }, builder.postSection(deps))
    app.post(`${b}/sections/:sectionId/move`, { config: manage }, builder.moveSection(deps))
    app.post(`${b}/sections/:sectionId/remove`, { config: manage }, builder.removeSection(deps))
    app.get(`${b}/questions/new`, { config: manage }, builder.getQuestion(deps))
    app.post(`${b}/questions/new`, { config: manage }, builder.postQuestion(deps))
    app.get(`${b}/questions/:questionId`, { config: manage }, builder.getQuestion(deps))
    app.post(`${b}/questions/:questionId`, { config: manage }, builder.postQuestion(deps))
    app.post(`${b}/questions/:questionId/move`, { config: manage }, builder.moveQuestion(deps))
    app.post(`${b}/questions/:questionId/remove`, { config: manage }, builder.removeQuestion(deps))
    app.get(`${b}/questions/:questionId/condition`, { config: manage }, builder.getCondition(deps))
    app.post(`${b}/questions/:questionId/condition`, { config: manage }, builder.postCondition(deps))
  },
}
