// Reading the drafting forms as typed: the commands check everything, so nothing typed is lost on a re-render.
export { list, text, type Body } from '../../../../../platform/http/form-fields.ts'
