import { z } from 'zod'
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError, type FieldError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { insertPrinciple, maxPrinciplePosition, principlePositionTaken } from '../data/principle.repository.ts'
import { toPrincipleDto, type PrincipleDto } from './principle.ts'

export interface AddPrincipleInput {
  title: string
  body: string
  sourceReference?: string
  /** Where it goes (1 = first). Leave it out to add it at the end. */
  position?: number
}

export const addPrincipleSchema = z.object({
  title: z.string({ error: 'Enter a title' }).trim().min(1, 'Enter a title').max(200, 'Title must be 200 characters or fewer'),
  body: z
    .string({ error: 'Enter the principle in plain English' })
    .trim()
    .min(1, 'Enter the principle in plain English')
    .max(5000, 'The principle must be 5,000 characters or fewer'),
  sourceReference: z.preprocess(
    v => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(300, 'Source reference must be 300 characters or fewer').optional(),
  ),
  position: z.preprocess(
    v => (v === '' || v === null ? undefined : v),
    z.coerce
      .number({ error: 'Position must be a number' })
      .int('Position must be a whole number')
      .min(1, 'Position must be 1 or more')
      .max(1000, 'Position must be 1,000 or fewer')
      .optional(),
  ),
})

export function mayManagePrinciples(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'charter:manage_principles')
}

/** Add one of the statute's principles, in plain English. Audited as 'charter.principle_added'. */
export async function addPrinciple(deps: AppDeps, actor: Actor, input: AddPrincipleInput): Promise<PrincipleDto> {
  if (!mayManagePrinciples(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot change the principles' })
  const parsed = addPrincipleSchema.safeParse(input)
  if (!parsed.success) {
    const fieldErrors: FieldError[] = []
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('-') || 'form'
      if (!fieldErrors.some(e => e.field === field)) fieldErrors.push({ field, message: issue.message })
    }
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: fieldErrors[0]?.message, fieldErrors })
  }
  const v = parsed.data
  return inTransaction(deps, actor, async uow => {
    const position = v.position ?? (await maxPrinciplePosition(uow.trx)) + 1
    if (await principlePositionTaken(uow.trx, position)) {
      throw fieldError('position', `There is already a principle at position ${position}`)
    }
    const now = uow.now.toISOString()
    const row = {
      id: newId(uow.now.getTime()),
      position,
      title: v.title,
      body: v.body,
      source_reference: v.sourceReference ?? null,
      created_at: now,
      updated_at: now,
    }
    await insertPrinciple(uow.trx, row)
    await uow.audit({
      action: 'charter.principle_added',
      subjectType: 'charter_principle',
      subjectId: row.id,
      summary: { after: { position, title: v.title } },
    })
    return toPrincipleDto(row)
  })
}
