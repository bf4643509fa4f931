// Measures: how progress on an outcome is shown. One of four kinds (a percentage from a survey question, a figure
// from management information, a count of complaints, written "you said, we did" evidence), each with its
// definition, data source, frequency, target and owner. A measure's code (e.g. "M1") stays the same across framework
// versions: measurements and imports refer to it.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import type { FieldError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { findFramework, findMeasure, findMeasureByCode, findOutcome, insertMeasure, nextMeasurePosition, updateMeasure, type MeasureRow } from '../../data/measurement.repository.ts'
import type { Direction, Frequency, MeasureKind, TargetComparison } from '../../data/measurement.table.ts'
import {
  assertMay,
  COMPARISON_LABELS,
  COMPARISONS,
  COMPLAINTS_KIND_LABELS,
  COMPLAINTS_KINDS,
  DIRECTION_LABELS,
  DIRECTIONS,
  FREQUENCIES,
  FREQUENCY_LABELS,
  isEditable,
  KIND_LABELS,
  MEASURE_KINDS,
  mayManage,
  mayRead,
  notFound,
  validationFailed,
} from '../model.ts'
import { editableFramework } from './status.ts'

export interface MeasureDto {
  id: string
  frameworkId: string
  outcomeId: string
  code: string
  title: string
  kind: MeasureKind
  kindLabel: string
  definition: string
  dataSource: string
  frequency: Frequency
  frequencyLabel: string
  unit: string | null
  direction: Direction | null
  targetValue: number | null
  targetComparison: TargetComparison | null
  /** The target in words, e.g. "At least 80%", or null when there is none. */
  targetLabel: string | null
  owner: string
  surveyId: string | null
  questionId: string | null
  successOptions: string[]
  complaintsKind: string | null
}

export function toMeasureDto(r: MeasureRow): MeasureDto {
  const unit = r.kind === 'survey_percentage' ? '%' : r.unit ? ` ${r.unit}` : ''
  return {
    id: r.id,
    frameworkId: r.framework_id,
    outcomeId: r.outcome_id,
    code: r.code,
    title: r.title,
    kind: r.kind,
    kindLabel: KIND_LABELS[r.kind],
    definition: r.definition,
    dataSource: r.data_source,
    frequency: r.frequency,
    frequencyLabel: FREQUENCY_LABELS[r.frequency],
    unit: r.unit,
    direction: r.direction,
    targetValue: r.target_value,
    targetComparison: r.target_comparison,
    targetLabel: r.target_value !== null && r.target_comparison ? `${COMPARISON_LABELS[r.target_comparison]} ${r.target_value}${unit}` : null,
    owner: r.owner,
    surveyId: r.survey_id,
    questionId: r.question_id,
    successOptions: r.success_options_json ? (JSON.parse(r.success_options_json) as string[]) : [],
    complaintsKind: r.complaints_kind,
  }
}

/** A measure form as typed: every field is text so that a re-render shows exactly what was typed. */
export interface MeasureInput {
  code: string
  title: string
  kind: string
  definition: string
  dataSource: string
  frequency: string
  unit: string
  direction: string
  targetValue: string
  targetComparison: string
  owner: string
  surveyId: string
  questionId: string
  /** One answer option a line, as the survey shows it. */
  successOptions: string
  complaintsKind: string
}

export const EMPTY_MEASURE: MeasureInput = {
  code: '',
  title: '',
  kind: '',
  definition: '',
  dataSource: '',
  frequency: '',
  unit: '',
  direction: '',
  targetValue: '',
  targetComparison: '',
  owner: '',
  surveyId: '',
  questionId: '',
  successOptions: '',
  complaintsKind: '',
}

export function measureToInput(m: MeasureDto): MeasureInput {
  return {
    code: m.code,
    title: m.title,
    kind: m.kind,
    definition: m.definition,
    dataSource: m.dataSource,
    frequency: m.frequency,
    unit: m.unit ?? '',
    direction: m.direction ?? '',
    targetValue: m.targetValue === null ? '' : String(m.targetValue),
    targetComparison: m.targetComparison ?? '',
    owner: m.owner,
    surveyId: m.surveyId ?? '',
    questionId: m.questionId ?? '',
    successOptions: m.successOptions.join('\n'),
    complaintsKind: m.complaintsKind ?? '',
  }
}

type CheckedMeasure = Omit<MeasureRow, 'id' | 'framework_id' | 'outcome_id' | 'position' | 'created_at' | 'updated_at'>

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/

/** Check a measure form; every problem at once, each saying what to fix. */
export function checkMeasure(input: MeasureInput): CheckedMeasure {
  const problems: FieldError[] = []
  const s = (v: string | undefined) => String(v ?? '').trim()
  const code = s(input.code).toUpperCase()
  const title = s(input.title)
  const kind = s(input.kind) as MeasureKind
  const definition = s(input.definition)
  const dataSource = s(input.dataSource)
  const frequency = s(input.frequency) as Frequency
  const owner = s(input.owner)
  if (!code) problems.push({ field: 'code', message: 'Enter a short code for the measure, for example M1' })
  else if (!CODE.test(code)) problems.push({ field: 'code', message: 'The code must be up to 20 letters, numbers, dots, hyphens or underscores, for example M1' })
  if (!title) problems.push({ field: 'title', message: 'Enter what the measure shows, for example “People who got their decision within 10 days”' })
  else if (title.length > 300) problems.push({ field: 'title', message: 'The measure must be 300 characters or fewer' })
  if (!MEASURE_KINDS.includes(kind)) problems.push({ field: 'kind', message: 'Select the kind of measure' })
  if (!definition) problems.push({ field: 'definition', message: 'Enter the definition: exactly what is counted' })
  else if (definition.length > 5000) problems.push({ field: 'definition', message: 'The definition must be 5,000 characters or fewer' })
  if (!dataSource) problems.push({ field: 'dataSource', message: 'Enter where the figures come from' })
  else if (dataSource.length > 2000) problems.push({ field: 'dataSource', message: 'The data source must be 2,000 characters or fewer' })
  if (!FREQUENCIES.includes(frequency)) problems.push({ field: 'frequency', message: 'Select how often it is measured' })
  if (!owner) problems.push({ field: 'owner', message: 'Enter who is responsible for the measure, for example a team or a job title' })
  else if (owner.length > 200) problems.push({ field: 'owner', message: 'The owner must be 200 characters or fewer' })

  let unit: string | null = null
  let direction: Direction | null = null
  if (kind === 'management_information') {
    unit = s(input.unit) || null
    direction = (s(input.direction) || null) as Direction | null
    if (!unit) problems.push({ field: 'unit', message: 'Enter the unit of the figure, for example days' })
    else if (unit.length > 40) problems.push({ field: 'unit', message: 'The unit must be 40 characters or fewer' })
    if (!direction || !DIRECTIONS.includes(direction)) problems.push({ field: 'direction', message: 'Select whether a higher or a lower figure is better' })
  } else if (kind === 'survey_percentage') direction = 'higher'
  else if (kind === 'complaints_count') direction = 'lower'

  let targetValue: number | null = null
  let targetComparison: TargetComparison | null = null
  const rawTarget = s(input.targetValue).replace(/%$/, '').trim()
  if (kind !== 'written_evidence' && rawTarget) {
    const n = Number(rawTarget.replace(/,/g, ''))
    if (!Number.isFinite(n)) problems.push({ field: 'targetValue', message: 'The target must be a number, for example 80' })
    else if (kind === 'survey_percentage' && (n < 0 || n > 100)) problems.push({ field: 'targetValue', message: 'The target must be a percentage from 0 to 100' })
    else if (n < 0) problems.push({ field: 'targetValue', message: 'The target must be 0 or more' })
    else targetValue = n
    targetComparison = (s(input.targetComparison) || null) as TargetComparison | null
    if (!targetComparison || !COMPARISONS.includes(targetComparison)) {
      problems.push({ field: 'targetComparison', message: 'Select whether the figure should be at least or at most the target' })
      targetComparison = null
    }
  }

  let surveyId: string | null = null
  let questionId: string | null = null
  let successOptions: string[] = []
  if (kind === 'survey_percentage') {
    surveyId = s(input.surveyId) || null
    questionId = s(input.questionId) || null
    successOptions = s(input.successOptions).split(/\r?\n/).map(x => x.trim()).filter(Boolean)
    if (surveyId && !questionId) problems.push({ field: 'questionId', message: 'Enter the question’s id as well as the survey’s, or neither' })
    if (questionId && !surveyId) problems.push({ field: 'surveyId', message: 'Enter the survey’s id as well as the question’s, or neither' })
    if (surveyId && questionId && successOptions.length === 0) problems.push({ field: 'successOptions', message: 'Enter the answers that count, one a line, as the survey shows them' })
  }
  let complaintsKind: string | null = null
  if (kind === 'complaints_count') {
    complaintsKind = s(input.complaintsKind) || null
    if (!complaintsKind || !(COMPLAINTS_KINDS as readonly string[]).includes(complaintsKind)) problems.push({ field: 'complaintsKind', message: 'Select which complaints are counted' })
  }
  if (problems.length) throw validationFailed(problems)
  return {
    code,
    title,
    kind,
    definition,
    data_source: dataSource,
    frequency,
    unit,
    direction,
    target_value: targetValue,
    target_comparison: targetComparison,
    owner,
    survey_id: surveyId,
    question_id: questionId,
    success_options_json: successOptions.length ? JSON.stringify(successOptions) : null,
    complaints_kind: complaintsKind,
  }
}

/** Add a measure to an outcome of the draft framework. Audited. */
export async function addMeasure(deps: AppDeps, actor: Actor, outcomeId: string, input: MeasureInput): Promise<{ id: string }> {
  assertMay(mayManage(actor), 'change the measurement framework')
  const v = checkMeasure(input)
  const f = await editableFramework(deps)
  return inTransaction(deps, actor, async uow => {
    const o = await findOutcome(uow.trx, outcomeId)
    if (!o || o.framework_id !== f.id) throw notFound('outcome in the draft framework')
    if (await findMeasureByCode(uow.trx, f.id, v.code)) throw validationFailed([{ field: 'code', message: `Another measure already has the code ${v.code}: choose a different code` }])
    const now = uow.now.toISOString()
    const id = newId(uow.now.getTime())
    await insertMeasure(uow.trx, { ...v, id, framework_id: f.id, outcome_id: o.id, position: await nextMeasurePosition(uow.trx, f.id), created_at: now, updated_at: now })
    await uow.audit({ action: 'measurement.measure_added', subjectType: 'measurement_measure', subjectId: id, summary: { outcomeId: o.id, code: v.code, kind: v.kind, title: v.title } })
    return { id }
  })
}

/** Change a measure of the draft framework. Audited with what changed. */
export async function changeMeasure(deps: AppDeps, actor: Actor, id: string, input: MeasureInput): Promise<void> {
  assertMay(mayManage(actor), 'change the measurement framework')
  const v = checkMeasure(input)
  const f = await editableFramework(deps)
  await inTransaction(deps, actor, async uow => {
    const m = await findMeasure(uow.trx, id)
    if (!m || m.framework_id !== f.id) throw notFound('measure in the draft framework')
    const other = await findMeasureByCode(uow.trx, f.id, v.code)
    if (other && other.id !== id) throw validationFailed([{ field: 'code', message: `Another measure already has the code ${v.code}: choose a different code` }])
    await updateMeasure(uow.trx, id, { ...v, updated_at: uow.now.toISOString() })
    const changed = (Object.keys(v) as (keyof CheckedMeasure)[]).filter(k => v[k] !== m[k])
    await uow.audit({ action: 'measurement.measure_changed', subjectType: 'measurement_measure', subjectId: id, summary: { code: v.code, changed } })
  })
}

export interface MeasureView extends MeasureDto {
  outcomeTitle: string
  commitmentKey: string
  frameworkVersion: number
  editable: boolean
}

export async function getMeasure(deps: AppDeps, actor: Actor, id: string): Promise<MeasureView> {
  assertMay(mayRead(actor), 'see the measurement framework')
  const m = await findMeasure(deps.db, id)
  if (!m) throw notFound('measure')
  const [o, f] = await Promise.all([findOutcome(deps.db, m.outcome_id), findFramework(deps.db, m.framework_id)])
  return { ...toMeasureDto(m), outcomeTitle: o?.title ?? '', commitmentKey: o?.commitment_key ?? '', frameworkVersion: f?.version ?? 0, editable: !!f && isEditable(f.status) }
}

export { COMPLAINTS_KIND_LABELS, DIRECTION_LABELS }
