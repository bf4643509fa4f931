// Test helpers for surveys (used by the survey tests only): a survey activity, a panel member who may answer, and a
// small survey built through the domain commands.
import { systemActor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { changeConsents, linkParticipantAccount, registerParticipant } from '../../panel/index.ts'
import { changeActivityStatus, createActivity, type ActivityInput } from './activities.ts'
import { addSurveyQuestion, addSurveySection, saveSurveyIntro, setSurveyCondition } from './survey-builder.ts'
import { loadSurveyOfActivity } from './survey-model.ts'
import type { QuestionInput } from './survey-questions.ts'

export const SYSTEM = systemActor('survey tests')
let serial = 0

export async function surveyActivity(deps: AppDeps, over: Partial<ActivityInput> = {}): Promise<string> {
  serial += 1
  const { id } = await createActivity(deps, SYSTEM, {
    roundId: null,
    kind: 'survey',
    title: `Applying for benefits ${serial}`,
    purpose: 'To hear how applying went',
    audience: 'whole_panel',
    audienceDetail: '',
    commissionedBy: 'research_team',
    commissioningDecision: '',
    opensOn: null,
    closesOn: null,
    ...over,
  })
  return id
}

export function question(over: Partial<QuestionInput> & { sectionId: string }): QuestionInput {
  return { type: 'single_choice', text: 'A question', hint: '', easyRead: '', required: true, options: '', rows: '', scaleMin: '1', scaleMax: '5', scaleMinLabel: '', scaleMaxLabel: '', ...over }
}

/**
 * Q1 "Have you applied in the last year?" (Yes/No, required); Q2 "What went wrong?" (free text, optional, only if Yes);
 * Q3 "How easy was it?" (scale 1-5); Q4 "Which helped?" (multiple choice, optional).
 */
export async function buildSmallSurvey(deps: AppDeps, activityId: string) {
  await saveSurveyIntro(deps, SYSTEM, activityId, 'We would like to hear about applying.')
  const { id: sectionId } = await addSurveySection(deps, SYSTEM, activityId, { title: 'Applying', description: '' })
  const q1 = await addSurveyQuestion(deps, SYSTEM, activityId, question({ sectionId, text: 'Have you applied in the last year?', options: 'Yes\nNo', easyRead: 'Did you ask for money from us this year?' }))
  const q2 = await addSurveyQuestion(deps, SYSTEM, activityId, question({ sectionId, type: 'free_text', text: 'What went wrong?', required: false }))
  const q3 = await addSurveyQuestion(deps, SYSTEM, activityId, question({ sectionId, type: 'scale', text: 'How easy was it?', scaleMinLabel: 'Very hard', scaleMaxLabel: 'Very easy' }))
  const q4 = await addSurveyQuestion(deps, SYSTEM, activityId, question({ sectionId, type: 'multiple_choice', text: 'Which helped?', options: 'A friend\nAn adviser\nThe website', required: false }))
  await setSurveyCondition(deps, SYSTEM, activityId, q2.id, { questionId: q1.id, options: ['o1'] })
  const parts = (await loadSurveyOfActivity(deps.db, activityId))!
  return { surveyId: parts.survey.id, sectionId, q1: q1.id, q2: q2.id, q3: q3.id, q4: q4.id }
}

/** An active panel member who agreed to be contacted about research; optionally linked to an account. */
export async function panelMember(deps: AppDeps, demographics: Record<string, string> = {}): Promise<{ id: string; pseudonym: string }> {
  serial += 1
  const p = await registerParticipant(deps, SYSTEM, {
    fullName: `Survey Person ${serial}`,
    phone: `07700 9${String(10000 + serial).slice(-5)}`,
    preferredChannel: 'phone',
    joinedVia: 'phone',
    demographics,
  })
  await changeConsents(deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }], { channel: 'phone' })
  return { id: p.id, pseudonym: p.pseudonym }
}

/** Link a participant to an account through the panel's command (joining online does it by itself). */
export async function linkAccount(deps: AppDeps, participantId: string, userId: string): Promise<void> {
  await linkParticipantAccount(deps, SYSTEM, participantId, userId)
}

export { changeActivityStatus }
