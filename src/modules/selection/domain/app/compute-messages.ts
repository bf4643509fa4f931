import type { SelectionProgress, SelectionRecord } from '../algorithm/select.ts'
import type { QuotaRelaxation } from '../algorithm/types.ts'

/** What the computation worker reports back. */
export type WorkerMessage =
  | { type: 'progress'; progress: SelectionProgress }
  | { type: 'done'; result: ComputedResult }
  | { type: 'infeasible'; message: string; relaxation?: QuotaRelaxation }
  /** `input`: the problem is with what was entered (the message says what), not a fault. */
  | { type: 'error'; message: string; input: boolean }

export interface ComputedResult {
  record: SelectionRecord
  method: string
  minimum: number
  atMinimum: number
  excluded: number
  lotteryHash: string
  seconds: number
}
