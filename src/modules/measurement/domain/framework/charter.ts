// The charter's commitments the framework measures: the published charter's, or the latest version's when nothing
// is published yet, or the working draft's when there is no version either.
import { systemActor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { draftContent, getCurrentPublished, getLatestVersion, getVersion, type CharterContent } from '../../../charter/index.ts'

const READER = systemActor('measurement: charter commitments')

export interface CharterSource {
  content: CharterContent
  /** Where the commitments come from, in words. */
  label: string
}

export async function charterForMeasurement(deps: AppDeps): Promise<CharterSource> {
  const published = await getCurrentPublished(deps)
  if (published) {
    const v = await getVersion(deps, READER, published.number)
    return { content: v.content, label: `The published charter (version ${published.number})` }
  }
  const latest = await getLatestVersion(deps, READER)
  if (latest) return { content: latest.content, label: `The latest version of the charter (version ${latest.number}), not yet published` }
  return { content: await draftContent(deps), label: 'The charter’s working draft: no version has been saved yet' }
}

export interface CommitmentRef {
  key: string
  text: string
  sectionKey: string
  sectionTitle: string
}

export function commitmentsOf(content: CharterContent): CommitmentRef[] {
  return content.sections.flatMap(s => s.commitments.map(c => ({ key: c.key, text: c.text, sectionKey: s.key, sectionTitle: s.title })))
}
