// The attendance forms, read with zod: every problem at once, one per field, in page order. The pseudonyms are
// checked against the panel by the command (recordAttendance), whose problems join these on the re-render.
import { z } from 'zod'
import { ATTENDANCE_STATUS_MESSAGE, ATTENDANCE_STATUSES, MAX_PSEUDONYMS, splitPseudonyms, type AttendanceStatus } from '../../../domain/attendance.ts'
import { text } from '../../forms.ts'

export const ATTENDANCE_FIELDS = ['pseudonyms', 'status'] as const


function status(values: Record<string, unknown>, ctx: z.RefinementCtx): AttendanceStatus {
  const s = text(values.status) as AttendanceStatus
  if (!ATTENDANCE_STATUSES.some(x => x.code === s)) ctx.addIssue({ code: 'custom', path: ['status'], message: ATTENDANCE_STATUS_MESSAGE })
  return s
}

export const recordSchema = z.record(z.string(), z.unknown()).transform((values, ctx) => {
  const pseudonyms = text(values.pseudonyms)
  const list = splitPseudonyms(pseudonyms)
  if (list.length === 0) ctx.addIssue({ code: 'custom', path: ['pseudonyms'], message: 'Enter the pseudonym of at least one panel member, for example P-7K3M9Q' })
  else if (list.length > MAX_PSEUDONYMS) ctx.addIssue({ code: 'custom', path: ['pseudonyms'], message: `Enter ${MAX_PSEUDONYMS} pseudonyms or fewer at once` })
  return { pseudonyms, status: status(values, ctx) }
})

export const changeSchema = z.record(z.string(), z.unknown()).transform((values, ctx) => ({ status: status(values, ctx) }))
