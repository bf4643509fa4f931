import type { PanelSlice } from './panel-slice.ts'

export const joinSlice: PanelSlice = {
  nav: [],
  auditEvents: [],
  routes() {},
}
