export interface Pagination {
  page: number
  perPage: number
  total: number
  from: number
  to: number
  previous?: { href: string }
  next?: { href: string }
  items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[]
}

/** Paging for list pages, in the shape of govukPagination. Keeps the other query parameters. */
export function paginate(opts: { total: number; page: number; perPage: number; path: string; query?: Record<string, string | undefined> }): Pagination {
  const pages = Math.max(1, Math.ceil(opts.total / opts.perPage))
  const page = Math.min(Math.max(1, opts.page), pages)
  const href = (n: number) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') params.set(k, v)
    if (n > 1) params.set('page', String(n))
    const qs = params.toString()
    return qs ? `${opts.path}?${qs}` : opts.path
  }
  const items: Pagination['items'] = []
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1) items.push({ number: n, href: href(n), current: n === page })
    else if (!('ellipsis' in (items[items.length - 1] ?? {}))) items.push({ ellipsis: true })
  }
  return {
    page,
    perPage: opts.perPage,
    total: opts.total,
    from: opts.total === 0 ? 0 : (page - 1) * opts.perPage + 1,
    to: Math.min(opts.total, page * opts.perPage),
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: pages > 1 ? items : [],
  }
}
