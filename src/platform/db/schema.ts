import type { AuditEventPendingTable, AuditEventTable } from '../audit/audit-event.table.ts'
import type { AppUserTable, SessionTable, SignInTokenTable } from '../auth/auth.table.ts'

/**
 * The platform's own tables. Each module declares its tables in its own `data/*.table.ts` and its repositories
 * widen the type with `db.withTables<ModuleTables>()`, so the platform never imports a module.
 */
export interface Database {
  app_user: AppUserTable
  session: SessionTable
  sign_in_token: SignInTokenTable
  audit_event: AuditEventTable
  audit_event_pending: AuditEventPendingTable
}
