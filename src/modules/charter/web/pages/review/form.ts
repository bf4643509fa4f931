// Reading the review forms as typed: the commands check everything, so nothing typed is lost on a re-render.
export { dateFrom, list, text, type Body } from '../../../../../platform/http/form-fields.ts'
