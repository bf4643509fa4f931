import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { getTallies, hiddenWords, recordCountsDownload, talliesCsv, type Tallies } from '../../../domain/tallies.ts'
import { fileNameOf } from '../../../domain/exchange.ts'

type WithId = FastifyRequest<{ Params: { id: string }; Querystring: { coder?: string; by?: string } }>
const DIR = 'analysis/web/pages/counts'

const pct = (x: number) => `${(x * 100).toFixed(1)}%`

function query(request: WithId) {
  const q = request.query ?? {}
  return { coderUserId: typeof q.coder === 'string' ? q.coder : undefined, by: typeof q.by === 'string' ? q.by : undefined }
}

/** The page's view of the counts: percentages and hidden figures in words. */
function view(t: Tallies) {
  return {
    groups: t.groups.map(g => ({ ...g, rows: g.rows.map(r => ({ ...r, sharePct: pct(r.share), interval: `${pct(r.low)} to ${pct(r.high)}` })) })),
    cross: t.cross && {
      byLabel: t.cross.byLabel,
      groups: t.cross.table.groups.map(g => ({ group: g.group, words: g.suppressed ? hiddenWords(g.reason, t.threshold) : String(g.people) })),
      rows: t.cross.table.rows.map(r => ({
        name: t.cross!.codeNames.get(r.code) ?? r.code,
        cells: r.cells.map(c => ({ words: c.suppressed ? hiddenWords(c.reason, t.threshold) : `${c.people} (${pct(c.share ?? 0)})`, suppressed: c.suppressed })),
        total: r.total.suppressed ? hiddenWords(r.total.reason, t.threshold) : String(r.total.people),
      })),
      total: t.cross.table.total.suppressed ? hiddenWords(t.cross.table.total.reason, t.threshold) : String(t.cross.table.total.people),
      suppressedCount: t.cross.table.suppressedCount,
    },
  }
}

/** GET /analysis/:id/counts: people per code, groups apart, with an optional cross-tab. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const q = query(request)
    const t = await getTallies(deps, request.actor, request.params.id, q)
    const csvQuery = new URLSearchParams({ ...(t.coder.id ? { coder: t.coder.id } : {}), ...(t.cross ? { by: t.cross.by } : {}) }).toString()
    return reply.render(`${DIR}/view.njk`, {
      pageTitle: `Counts: ${t.projectTitle}`,
      backLink: `/analysis/${t.projectId}`,
      t,
      v: view(t),
      coderItems: t.coders.map(c => ({ value: c.id, text: c.id === request.actor.userId ? `${c.name} (you)` : c.name, selected: c.id === t.coder.id })),
      byItems: [
        { value: '', text: 'No cross-tab', selected: !t.cross },
        { value: 'channel', text: 'Channel', selected: t.cross?.by === 'channel' },
        ...t.dimensions.map(d => ({ value: d.key, text: d.label, selected: t.cross?.by === d.key })),
      ],
      csvHref: `/analysis/${t.projectId}/counts.csv${csvQuery ? `?${csvQuery}` : ''}`,
    })
  }
}

/** GET /analysis/:id/counts.csv: the same counts as a file (audited); hidden figures stay hidden. */
export function csv(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const t = await getTallies(deps, request.actor, request.params.id, query(request))
    await recordCountsDownload(deps, request.actor, t.projectId, t)
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${fileNameOf(`${t.projectTitle} counts`, 'csv')}"`)
      .header('Cache-Control', 'no-store')
      .send(talliesCsv(t))
  }
}
