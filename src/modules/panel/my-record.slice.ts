import type { PanelSlice } from './panel-slice.ts'

export const myRecordSlice: PanelSlice = {
  nav: [],
  auditEvents: [],
  routes() {},
}
