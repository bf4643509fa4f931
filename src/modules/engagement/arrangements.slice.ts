import type { EngagementSlice } from './engagement-slice.ts'
import * as accommodations from './web/pages/arrangements-accommodations/controller.ts'
import * as attendance from './web/pages/arrangements-attendance/controller.ts'
import * as expenses from './web/pages/arrangements-expenses/controller.ts'

/** Per session: attendance, accommodations to arrange, and expense claims. */
export const arrangementsSlice: EngagementSlice = {
  nav: [
    { text: 'To arrange', href: '/engagement/accommodations', permission: 'engagement:read' },
    { text: 'Expenses', href: '/engagement/expenses/payments', permission: 'engagement:manage_expenses' },
  ],
  auditEvents: [
    'engagement.attendance_recorded', 'engagement.attendance_changed', 'engagement.attendance_removed',
    'engagement.accommodation_added', 'engagement.accommodation_changed', 'engagement.accommodation_removed',
    'engagement.expense_claimed', 'engagement.expense_approved', 'engagement.expense_rejected', 'engagement.expenses_paid',
  ],
  routes(app, deps) {
    const record = { config: { permission: 'engagement:record_attendance' as const } }
    app.get('/engagement/sessions/:id/attendance', record, attendance.get(deps))
    app.post('/engagement/sessions/:id/attendance', record, attendance.post(deps))
    app.get('/engagement/attendance/:id', record, attendance.getChange(deps))
    app.post('/engagement/attendance/:id', record, attendance.postChange(deps))
    app.get('/engagement/attendance/:id/remove', record, attendance.getRemove(deps))
    app.post('/engagement/attendance/:id/remove', record, attendance.postRemove(deps))
    const read = { config: { permission: 'engagement:read' as const } }
    const manage = { config: { permission: 'engagement:manage' as const } }
    app.get('/engagement/accommodations', read, accommodations.getToArrange(deps))
    app.get('/engagement/sessions/:id/accommodations', read, accommodations.get(deps))
    app.post('/engagement/sessions/:id/accommodations', manage, accommodations.post(deps))
    app.get('/engagement/accommodations/:id/edit', manage, accommodations.getChange(deps))
    app.post('/engagement/accommodations/:id/edit', manage, accommodations.postChange(deps))
    app.get('/engagement/accommodations/:id/remove', manage, accommodations.getRemove(deps))
    app.post('/engagement/accommodations/:id/remove', manage, accommodations.postRemove(deps))
    const money = { config: { permission: 'engagement:manage_expenses' as const } }
    app.get('/engagement/sessions/:id/expenses', manage, expenses.get(deps))
    app.post('/engagement/sessions/:id/expenses', manage, expenses.post(deps))
    app.get('/engagement/expenses/:id/decide', money, expenses.getDecide(deps))
    app.post('/engagement/expenses/:id/decide', money, expenses.postDecide(deps))
    app.get('/engagement/expenses/payments', money, expenses.getPayments(deps))
    app.post('/engagement/expenses/payments', money, expenses.postPayments(deps))
    app.get('/engagement/expenses/payments/:id', money, expenses.getBatch(deps))
    app.get('/engagement/expenses/payments/:id/csv', money, expenses.getBatchCsv(deps))
  },
}
