export { charterModule, CHARTER_AUDIT_EVENTS } from './charter.module.ts'
export { addPrinciple, type AddPrincipleInput } from './domain/add-principle.ts'
export { listPrinciples } from './domain/queries/list-principles.ts'
export type { PrincipleDto } from './domain/principle.ts'
