// Exploring by shared words: the segments of an analysis grouped by the words they share, each group labelled by its
// most distinctive words with three typical segments. An aid to find one's way before and while coding, NEVER themes
// or findings: the groups follow words, not meaning, and nothing is coded or counted from them.
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { loadProjectSegments } from './coding.ts'
import { assertMay, mayReadAnalysis } from './model.ts'
import { defaultClusterCount } from './explore/clusters.ts'
import { clusterInWorker } from './suggest/worker.ts'

export const MIN_SEGMENTS_TO_EXPLORE = 20

export interface WordGroup {
  label: string
  words: string[]
  size: number
  /** Up to three segments near the group's centre: their redacted text and where to code them. */
  typical: { segmentId: string; text: string }[]
}

export interface Exploration {
  segments: number
  groups: WordGroup[]
  groupCount: number
  /** Segments in no group (no words shared with others). */
  ungrouped: number
}

export async function exploreByWords(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, groups?: number): Promise<Exploration> {
  assertMay(mayReadAnalysis(actor), 'explore the evidence')
  const { segments } = await loadProjectSegments(deps, actor, projectId, null)
  if (segments.length < MIN_SEGMENTS_TO_EXPLORE) return { segments: segments.length, groups: [], groupCount: 0, ungrouped: segments.length }
  const count = groups ?? defaultClusterCount(segments.length)
  const clusters = await clusterInWorker({ items: segments.map(s => ({ id: s.segmentId, text: s.text })), options: { clusters: count, seed: 1 } })
  const text = new Map(segments.map(s => [s.segmentId, s.text]))
  const grouped = clusters.reduce((n, c) => n + c.itemIds.length, 0)
  return {
    segments: segments.length,
    groupCount: count,
    ungrouped: segments.length - grouped,
    groups: clusters.map(c => ({
      label: c.label,
      words: c.distinctiveWords.map(w => w.word),
      size: c.itemIds.length,
      typical: c.typicalItemIds.map(id => ({ segmentId: id, text: text.get(id) ?? '' })),
    })),
  }
}
