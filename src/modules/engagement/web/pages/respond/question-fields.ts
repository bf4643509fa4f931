// One survey question as GOV.UK form components: the parameters of the govuk macros, built here so the template
// only picks the macro. Used by the question pages (the question is the page's h1) and the builder's preview.
import type { FieldError } from '../../../../../platform/errors.ts'
import type { FormValues, QuestionDto } from '../../../domain/survey-questions.ts'

export interface QuestionFieldView {
  kind: 'radios' | 'checkboxes' | 'textarea' | 'ranking' | 'matrix'
  /** The question as a heading where it is not a legend or label (ranking keeps a legend; matrix uses this). */
  heading: string
  hint: string | null
  easyRead: string | null
  /** Parameters of govukRadios / govukCheckboxes / govukTextarea. */
  params?: Record<string, unknown>
  /** Ranking: one govukSelect per option, inside a fieldset. */
  fieldset?: Record<string, unknown>
  selects?: Record<string, unknown>[]
  /** Matrix: one govukRadios per row. */
  rows?: Record<string, unknown>[]
}

const err = (errors: readonly FieldError[] | undefined, field: string) => {
  const e = errors?.find(x => x.field === field)
  return e ? { text: e.message } : undefined
}
const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '')
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [])

/**
 * The fields of a question. `asPageHeading`: the question is the page's h1 (the legend or label); otherwise an h2
 * (the preview lists every question on one page) and field ids are prefixed with the question's number.
 */
export function questionField(q: QuestionDto, values: FormValues, errors: readonly FieldError[] | undefined, opts: { asPageHeading: boolean; prefix?: string; voice?: 'you' | 'they' }): QuestionFieldView {
  const p = opts.prefix ?? ''
  const legend = (text: string) =>
    opts.asPageHeading
      ? { text, isPageHeading: true, classes: 'govuk-fieldset__legend--l' }
      : { text, classes: 'govuk-fieldset__legend--m' }
  const hintText = [q.hint, q.type === 'multiple_choice' ? 'Select all that apply.' : null, q.required ? null : 'You can skip this question.'].filter(Boolean).join(' ')
  const hint = hintText ? { text: hintText } : undefined
  const base = { heading: q.text, hint: hintText || null, easyRead: q.easyRead }
  switch (q.type) {
    case 'single_choice':
    case 'scale': {
      const items =
        q.type === 'scale'
          ? Array.from({ length: q.scale!.max - q.scale!.min + 1 }, (_, i) => {
              const n = q.scale!.min + i
              const end = n === q.scale!.min ? q.scale!.minLabel : n === q.scale!.max ? q.scale!.maxLabel : null
              return { value: String(n), text: end ? `${n} – ${end}` : String(n) }
            })
          : q.options.map(o => ({ value: o.code, text: o.label }))
      return {
        ...base,
        kind: 'radios',
        params: {
          name: `${p}answer`,
          idPrefix: `${p}answer`,
          fieldset: { legend: legend(q.text) },
          hint,
          value: str(values.answer),
          items,
          errorMessage: err(errors, 'answer'),
        },
      }
    }
    case 'multiple_choice':
      return {
        ...base,
        kind: 'checkboxes',
        params: {
          name: `${p}answer`,
          idPrefix: `${p}answer`,
          fieldset: { legend: legend(q.text) },
          hint,
          values: list(values.answer),
          items: q.options.map(o => ({ value: o.code, text: o.label })),
          errorMessage: err(errors, 'answer'),
        },
      }
    case 'free_text':
      return {
        ...base,
        kind: 'textarea',
        params: {
          name: `${p}answer`,
          id: `${p}answer`,
          label: opts.asPageHeading ? { text: q.text, isPageHeading: true, classes: 'govuk-label--l' } : { text: q.text, classes: 'govuk-label--m' },
          hint,
          value: str(values.answer),
          rows: 6,
          spellcheck: true,
          errorMessage: err(errors, 'answer'),
        },
      }
    case 'ranking': {
      const n = q.options.length
      const rankHint = `Give each option a different number from 1 to ${n}. 1 is the most important to ${opts.voice === 'they' ? 'them' : 'you'}.`
      return {
        ...base,
        hint: [rankHint, hintText].filter(Boolean).join(' '),
        kind: 'ranking',
        fieldset: { legend: legend(q.text), describedBy: `${p}ranking-hint` },
        selects: q.options.map(o => ({
          id: `${p}rank-${o.code}`,
          name: `${p}rank-${o.code}`,
          label: { text: o.label },
          value: str(values[`rank-${o.code}`]),
          items: [{ value: '', text: 'Choose a number' }, ...Array.from({ length: n }, (_, i) => ({ value: String(i + 1), text: String(i + 1) }))],
          errorMessage: err(errors, `rank-${o.code}`),
        })),
      }
    }
    case 'matrix':
      return {
        ...base,
        kind: 'matrix',
        rows: q.rows.map(r => ({
          name: `${p}row-${r.code}`,
          idPrefix: `${p}row-${r.code}`,
          fieldset: { legend: { text: r.label, classes: 'govuk-fieldset__legend--s' } },
          classes: 'govuk-radios--small',
          value: str(values[`row-${r.code}`]),
          items: q.options.map(o => ({ value: o.code, text: o.label })),
          errorMessage: err(errors, `row-${r.code}`),
        })),
      }
  }
}
