// The demonstration analysis: the survey's "What went wrong?" answers taken into the evidence store, prepared, a
// published codebook of five codes, and some answers coded by the analyst, so the analysis pages have something to
// show. The rest is left for the visitor to code (and, past 20 coded, to ask for suggestions).
import type { Actor } from '../platform/auth/actor.ts'
import type { AppDeps } from '../platform/deps.ts'
import { addCode, codeSegment, createProject, loadProjectSegments, publishCodebook, takeInEvidence } from '../modules/analysis/index.ts'
import { importSurveyAnswers } from '../modules/evidence/index.ts'

const CODES: readonly { name: string; description: string; pattern: RegExp }[] = [
  { name: 'Waiting and phone lines', description: 'Long waits, being cut off, nobody calling back', pattern: /hold|cut off|wait|phone/i },
  { name: 'Forms', description: 'Forms that were long, repetitive or hard to follow', pattern: /form|same thing/i },
  { name: 'Evidence asked for', description: 'Not knowing what evidence to send, evidence sent back', pattern: /evidence/i },
  { name: 'Accessible formats', description: 'Letters or forms not in the format the person needs', pattern: /large print|read/i },
  { name: 'Getting to assessments', description: 'Travel to assessments, appointments that could not be reached', pattern: /travel|assessment/i },
]

export async function loadDemoAnalysis(deps: AppDeps, actor: Actor): Promise<{ items: number; coded: number }> {
  await importSurveyAnswers(deps)
  const { id: projectId } = await createProject(deps, actor, {
    title: 'What went wrong when people applied',
    purpose: 'To find which problems with applying the charter’s commitments must answer first.',
    channel: 'survey',
    activityId: '',
    questionId: '',
  })
  const taken = await takeInEvidence(deps, actor, projectId)
  const ids: string[] = []
  for (const c of CODES) ids.push((await addCode(deps, actor, projectId, { name: c.name, parentId: '', description: c.description, examples: '' })).id)
  await publishCodebook(deps, actor, projectId, 'First version, from the first 10 answers')
  const { segments } = await loadProjectSegments(deps, actor, projectId, actor.userId)
  let coded = 0
  for (const s of segments.slice(0, Math.ceil(segments.length / 2))) {
    const codes = CODES.flatMap((c, i) => (c.pattern.test(s.text) ? [ids[i]!] : []))
    await codeSegment(deps, actor, projectId, s.segmentId, codes)
    coded += 1
  }
  return { items: taken.added, coded }
}
