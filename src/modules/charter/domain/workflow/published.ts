import type { AppDeps } from '../../../../platform/deps.ts'
import { listPublishedVersionRows, type PublishedVersionRow } from '../../data/workflow.repository.ts'

/** A published edition of the charter: the exact version, when it was published, and its approval. */
export interface PublishedVersion {
  versionId: string
  /** The version's number (version 3 is "Charter version 3"). */
  number: number
  /** ISO timestamp. */
  publishedAt: string
  /** YYYY-MM-DD: five years on from the approval. */
  reviewDueOn: string
  approval: {
    /** Who approved it, e.g. "The Scottish Parliament". */
    body: string
    /** YYYY-MM-DD */
    approvedOn: string
    reference: string | null
  }
}

function toDto(r: PublishedVersionRow): PublishedVersion {
  return {
    versionId: r.version_id,
    number: r.number,
    publishedAt: r.published_at,
    reviewDueOn: r.review_due_on,
    approval: { body: r.body, approvedOn: r.approved_on, reference: r.reference },
  }
}

/** Every published edition, newest first: the first is the charter in force, the rest are older editions. */
export async function getPublishedVersions(deps: Pick<AppDeps, 'db'>): Promise<PublishedVersion[]> {
  return (await listPublishedVersionRows(deps.db)).map(toDto)
}

/** The charter in force (the most recently published edition), or undefined when nothing is published yet. */
export async function getCurrentPublished(deps: Pick<AppDeps, 'db'>): Promise<PublishedVersion | undefined> {
  return (await getPublishedVersions(deps))[0]
}
