import type { PanelSlice } from './panel-slice.ts'

export const representationSlice: PanelSlice = {
  nav: [],
  auditEvents: [],
  routes() {},
}
