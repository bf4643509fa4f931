// What the activities pages show, worked out once: dates in words, times in London, the status tag's colour.
import { formatDate } from '../../../platform/views/nunjucks.ts'
import type { ActivityDto, ActivityStatus, SessionDto } from '../domain/activities.ts'
import { formatLondonTime } from '../domain/local-time.ts'

/** "1 March 2027 to 30 April 2027", "From 1 March 2027", "Until 30 April 2027" or "No dates set". */
export function dateRange(from: string | null, to: string | null): string {
  if (from && to) return from === to ? formatDate(from) : `${formatDate(from)} to ${formatDate(to)}`
  if (from) return `From ${formatDate(from)}`
  if (to) return `Until ${formatDate(to)}`
  return 'No dates set'
}

const TAG_COLOURS: Record<ActivityStatus, string> = { planned: 'govuk-tag--blue', open: 'govuk-tag--green', closed: 'govuk-tag--grey', cancelled: 'govuk-tag--red' }

export function statusTag(status: ActivityStatus, label: string): { text: string; classes: string } {
  return { text: label, classes: TAG_COLOURS[status] }
}

/** A session as its table row shows it. */
export function sessionRow(s: SessionDto) {
  const where = s.mode === 'in_person' ? [s.location, s.address].filter(Boolean).join(', ') : (s.joiningDetails ?? '')
  return {
    ...s,
    dateText: formatDate(s.startsAt),
    timeText: `${formatLondonTime(s.startsAt)} to ${formatLondonTime(s.endsAt)}`,
    whereText: where || (s.mode === 'in_person' ? 'Venue to be confirmed' : 'Joining details to follow'),
    statusText: s.status === 'cancelled' ? 'Cancelled' : 'Going ahead',
    cancelled: s.status === 'cancelled',
  }
}

/** An activity as a row of the list. */
export function activityRow(a: ActivityDto) {
  const scheduled = a.sessions.filter(s => s.status !== 'cancelled').length
  return {
    id: a.id,
    title: a.title,
    kindLabel: a.kindLabel,
    audienceText: a.audienceDetail ? `${a.audienceLabel}: ${a.audienceDetail}` : a.audienceLabel,
    datesText: dateRange(a.opensOn, a.closesOn),
    tag: statusTag(a.status, a.statusLabel),
    sessions: scheduled,
  }
}
