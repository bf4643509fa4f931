export interface JobLeaseTable {
  name: string
  locked_until: string | null
  locked_by: string | null
  last_started_at: string | null
  last_finished_at: string | null
  last_status: string | null
}

export interface JobRunTable {
  id: string
  name: string
  started_at: string
  finished_at: string | null
  status: 'running' | 'succeeded' | 'failed'
  /** JSON: what the job did (e.g. how many records it removed). */
  report: string
  error: string | null
  triggered_by: string
}
