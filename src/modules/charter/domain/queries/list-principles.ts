import type { AppDeps } from '../../../../platform/deps.ts'
import { listPrincipleRows } from '../../data/principle.repository.ts'
import { toPrincipleDto, type PrincipleDto } from '../principle.ts'

/** The principles in order. Published information: anyone may read them. */
export async function listPrinciples(deps: Pick<AppDeps, 'db'>): Promise<PrincipleDto[]> {
  return (await listPrincipleRows(deps.db)).map(toPrincipleDto)
}
