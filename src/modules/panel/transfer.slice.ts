import type { PanelSlice } from './panel-slice.ts'

export const transferSlice: PanelSlice = {
  nav: [],
  auditEvents: [],
  routes() {},
}
