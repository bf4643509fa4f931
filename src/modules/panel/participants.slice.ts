import type { PanelSlice } from './panel-slice.ts'

export const participantsSlice: PanelSlice = {
  nav: [],
  auditEvents: [],
  routes() {},
}
