import type { ModuleManifest } from './platform/module.ts'
import { siteModule } from './modules/site/index.ts'
import { accountsModule } from './modules/accounts/index.ts'
import { auditModule } from './modules/audit/index.ts'
import { charterModule } from './modules/charter/index.ts'
import { panelModule } from './modules/panel/index.ts'
import { selectionModule } from './modules/selection/index.ts'
import { engagementModule } from './modules/engagement/index.ts'
import { analysisModule } from './modules/analysis/index.ts'
import { evidenceModule } from './modules/evidence/index.ts'
import { decisionsModule } from './modules/decisions/index.ts'
import { measurementModule } from './modules/measurement/index.ts'
import { redressModule } from './modules/redress/index.ts'

/** Every module, in the order app.ts registers them (and their navigation appears). */
export const MODULES: readonly ModuleManifest[] = [siteModule, charterModule, panelModule, selectionModule, engagementModule, evidenceModule, analysisModule, decisionsModule, measurementModule, redressModule, accountsModule, auditModule]
