import type { ModuleManifest } from './platform/module.ts'
import { siteModule } from './modules/site/index.ts'
import { accountsModule } from './modules/accounts/index.ts'
import { auditModule } from './modules/audit/index.ts'

/** Every module, in the order app.ts registers them (and their navigation appears). */
export const MODULES: readonly ModuleManifest[] = [siteModule, accountsModule, auditModule]
