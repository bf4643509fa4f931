import type { ModuleManifest } from '../../platform/module.ts'
import { recoverStaleComputations, stopComputations, waitForComputations } from './domain/app/compute.ts'
import { subscribeToPanelEvents } from './domain/app/core-group.ts'
import * as confirm from './web/pages/confirm/controller.ts'
import * as coreGroup from './web/pages/core-group/controller.ts'
import * as discard from './web/pages/discard/controller.ts'
import * as draw from './web/pages/draw/controller.ts'
import * as leave from './web/pages/leave/controller.ts'
import * as newSelection from './web/pages/new-selection/controller.ts'
import * as overview from './web/pages/overview/controller.ts'
import * as quotas from './web/pages/quotas/controller.ts'
import * as selection from './web/pages/selection/controller.ts'

export const SELECTION_AUDIT_EVENTS = [
  'selection.created',
  'selection.quotas_changed',
  'selection.computation_started',
  'selection.computed',
  'selection.computation_failed',
  'selection.drawn',
  'selection.discarded',
  'selection.core_group_confirmed',
  'selection.member_left',
  'selection.top_up_started',
] as const

/**
 * Fair selection of the Core Group in the application: set up a selection from the panel, quotas from the population
 * targets, everyone's chances (LEXIMIN in a worker thread, with progress), a witnessed draw with a public seed, the
 * Core Group's membership with dates, and top-ups when members leave. The algorithms and `charter select` live in
 * domain/algorithm and cli.
 */
export const selectionModule: ModuleManifest = {
  name: 'selection',
  auditEvents: SELECTION_AUDIT_EVENTS,
  nav: [{ text: 'Selection', href: '/selection', permission: 'selection:read' }],
  routes(app, deps) {
    const read = { config: { permission: 'selection:read' as const } }
    const run = { config: { permission: 'selection:run' as const } }
    const manage = { config: { permission: 'selection:manage_core_group' as const } }
    app.get('/selection', read, overview.get(deps))
    app.get('/selection/new', run, newSelection.get(deps))
    app.post('/selection/new', run, newSelection.post(deps))
    app.get('/selection/core-group', read, coreGroup.get(deps))
    app.post('/selection/core-group/top-up', manage, coreGroup.topUp(deps))
    app.get('/selection/core-group/:memberId/leave', manage, leave.get(deps))
    app.post('/selection/core-group/:memberId/leave', manage, leave.post(deps))
    app.get('/selection/:id', read, selection.get(deps))
    app.post('/selection/:id/compute', run, selection.compute(deps))
    app.get('/selection/:id/progress', read, selection.progress(deps))
    app.get('/selection/:id/record.json', read, selection.record(deps))
    app.get('/selection/:id/probabilities.csv', read, selection.probabilities(deps))
    app.get('/selection/:id/quotas', run, quotas.get(deps))
    app.post('/selection/:id/quotas', run, quotas.post(deps))
    app.get('/selection/:id/draw', run, draw.get(deps))
    app.post('/selection/:id/draw', run, draw.post(deps))
    app.get('/selection/:id/confirm', manage, confirm.get(deps))
    app.post('/selection/:id/confirm', manage, confirm.post(deps))
    app.get('/selection/:id/discard', run, discard.get(deps))
    app.post('/selection/:id/discard', run, discard.post(deps))

    const unsubscribe = subscribeToPanelEvents(deps)
    app.addHook('onReady', async () => {
      await recoverStaleComputations(deps).catch((err: unknown) => deps.logger.warn({ err }, 'could not check for stopped selection computations'))
    })
    app.addHook('onClose', async () => {
      unsubscribe()
      await stopComputations()
      await waitForComputations()
    })
  },
}
