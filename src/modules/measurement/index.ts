// The measurement module's public API (re-exports only): the framework (outcomes and measures per charter
// commitment, agreed by the Core Group) and measurements per period (issue 8, items 1 and 2). See
// docs/measurement/framework.md.
export { measurementModule, MEASUREMENT_AUDIT_EVENTS } from './measurement.module.ts'
export type { FrameworkStatus, MeasureKind, Frequency, Direction, TargetComparison, MeasurementSource } from './data/measurement.table.ts'
export { SUBJECT_TYPE as FRAMEWORK_SUBJECT_TYPE, currentFramework, type FrameworkDto } from './domain/framework/status.ts'
export {
  addOutcome,
  agreedFramework,
  changeOutcome,
  frameworkTree,
  getFrameworkOverview,
  getOutcome,
  listCommitments,
  startFramework,
  submitFramework,
  type CommitmentNode,
  type FrameworkOverview,
  type MeasureNode,
  type OutcomeDto,
  type OutcomeInput,
  type OutcomeNode,
  type SectionNode,
} from './domain/framework/framework.ts'
export { addMeasure, changeMeasure, checkMeasure, EMPTY_MEASURE, getMeasure, type MeasureDto, type MeasureInput, type MeasureView } from './domain/framework/measures.ts'
export { checkMeasurement, EMPTY_MEASUREMENT, type MeasurementInput } from './domain/measurements/check.ts'
export {
  figuresOf,
  getMeasureDetail,
  proportionFigure,
  recordMeasurement,
  refreshFromSurvey,
  type MeasureDetail,
  type MeasurementFigure,
} from './domain/measurements/measurements.ts'
export { IMPORT_COLUMNS, importMeasurements, type ImportProblem, type ImportReport } from './domain/measurements/import.ts'
export { parsePeriod, periodLabel, previousPeriod } from './domain/model.ts'
// Statistics, accessible SVG charts and the dashboards (issue 8, items 2 and 3): see docs/measurement/dashboards.md.
export { compareFigures, compareProportions, formatFigure, meetsTarget, suppressRow, suppressShare, wilson, type FigureComparison, type ProportionComparison, type SuppressedRow } from './domain/stats/stats.ts'
export { barChart, chartTable, lineChart, niceTicks, type ChartPoint, type ChartSpec, type ChartTable } from './domain/charts/charts.ts'
export { getDashboard, getSectionDashboard, type Dashboard, type MeasureHeadline, type SectionDashboard } from './domain/dashboard/dashboard.ts'
export { measurementsCsv, publishedMeasurementsCsv, OPEN_DATA_COLUMNS } from './domain/dashboard/open-data.ts'
