// People per code in each group (for example, by region or by age band), with disclosure control: no published
// figure may be small enough to point at individuals, or be worked out from the figures that are shown.
//
// Rules, with T the threshold (the smallest number shown, e.g. 10):
// 1. Primary suppression. A cell is hidden when fewer than T people in the group raised the code. A group whose
//    total is below T is hidden with all its cells; a code's total is hidden when below T; when fewer than T people
//    took part in all, everything is hidden.
// 2. Secondary suppression, repeated until nothing changes:
//    - Groups add up to the overall total (each person is in one group). If exactly one group total is hidden, the
//      next smallest group is hidden too, with all its cells.
//    - A code's cells add up to its total. If exactly one cell of a code is hidden while the total is shown, the next
//      smallest shown cell of that code is hidden too (or the code's total, if no cell is left).
//    - Where the codes are exclusive (everyone in a group has exactly one of them) a group's cells add up to the group
//      total, and the same rule applies down the group; likewise for the codes' totals when everyone has exactly one.
// Hidden figures are never returned (people and share are null), and every hidden figure says why, in words.

export interface CrossTabOptions {
  /** The smallest number shown (a whole number, at least 1). */
  threshold: number
  /** Column order (default: the groups seen, sorted). */
  groups?: readonly string[]
  /** Row order, and codes to show even when nobody raised them (default: the codes seen, sorted). */
  codes?: readonly string[]
}

export interface CrossTabFigure {
  /** Null when suppressed. */
  people: number | null
  /** people / the total it is a share of; null when suppressed. */
  share: number | null
  suppressed: boolean
  /** Why the figure is hidden, in words; null when shown. */
  reason: string | null
}

export interface CrossTabCell extends CrossTabFigure {
  code: string
  group: string
  /** The group's size; null when the group's size is hidden. */
  groupTotal: number | null
}

export interface CrossTabRow {
  code: string
  cells: CrossTabCell[]
  /** People who raised the code in all groups (share of everyone). */
  total: CrossTabFigure
}

export interface CrossTabGroup extends CrossTabFigure {
  group: string
}

export interface CrossTab {
  threshold: number
  /** The group totals (share of everyone), in column order. */
  groups: CrossTabGroup[]
  rows: CrossTabRow[]
  /** Everyone in the table. */
  total: CrossTabFigure
  /** How many figures are hidden (cells and totals). */
  suppressedCount: number
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function crossTab(
  rows: readonly { personKey: string; group: string; codes: readonly string[] }[],
  options: CrossTabOptions,
): CrossTab {
  const T = options.threshold
  if (!Number.isInteger(T) || T < 1) throw new RangeError('The threshold must be a whole number of at least 1.')

  // One entry per person: their group and all their codes.
  const people = new Map<string, { group: string; codes: Set<string> }>()
  for (const r of rows) {
    const p = people.get(r.personKey)
    if (p && p.group !== r.group) throw new RangeError('A person appears in two groups; each person must be in one group.')
    const entry = p ?? { group: r.group, codes: new Set<string>() }
    for (const c of r.codes) entry.codes.add(c)
    people.set(r.personKey, entry)
  }
  const seenGroups = [...new Set([...people.values()].map(p => p.group))].sort(byString)
  const groups = [...(options.groups ?? []), ...seenGroups.filter(g => !options.groups?.includes(g))]
  const seenCodes = [...new Set([...people.values()].flatMap(p => [...p.codes]))].sort(byString)
  const codes = options.codes ? [...options.codes] : seenCodes
  const gi = new Map(groups.map((g, i) => [g, i]))
  const ci = new Map(codes.map((c, i) => [c, i]))

  const groupTotal = groups.map(() => 0)
  const cell = codes.map(() => groups.map(() => 0))
  const codedOnce = groups.map(() => true) // everyone in the group has exactly one of the codes
  for (const p of people.values()) {
    const g = gi.get(p.group) as number
    groupTotal[g]! += 1
    let n = 0
    for (const c of p.codes) {
      const i = ci.get(c)
      if (i === undefined) continue
      cell[i]![g]! += 1
      n++
    }
    if (n !== 1) codedOnce[g] = false
  }
  const rowTotal = cell.map(r => r.reduce((s, v) => s + v, 0))
  const grand = people.size
  const exclusive = codedOnce.every(Boolean)

  // Reasons for hidden figures (undefined = shown).
  const cellWhy: (string | undefined)[][] = codes.map(() => groups.map(() => undefined))
  const groupWhy: (string | undefined)[] = groups.map(() => undefined)
  const rowWhy: (string | undefined)[] = codes.map(() => undefined)
  let grandWhy: string | undefined

  const fewer = `fewer than ${T}`
  const hideGroup = (g: number, why: string, cellsWhy: string) => {
    groupWhy[g] ??= why
    for (let c = 0; c < codes.length; c++) cellWhy[c]![g] ??= cellsWhy
  }

  // 1. Primary suppression.
  if (grand < T) {
    grandWhy = `Hidden because ${fewer} people took part in all.`
    groups.forEach((_, g) => hideGroup(g, grandWhy as string, grandWhy as string))
    codes.forEach((_, c) => (rowWhy[c] = grandWhy))
  }
  groups.forEach((_, g) => {
    if ((groupTotal[g] as number) < T) hideGroup(g, `Hidden because the group has ${fewer} people.`, `Hidden because the group has ${fewer} people.`)
  })
  codes.forEach((_, c) => {
    if ((rowTotal[c] as number) < T) rowWhy[c] ??= `Hidden because ${fewer} people raised this.`
    groups.forEach((_, g) => {
      if ((cell[c]![g] as number) < T) cellWhy[c]![g] ??= `Hidden because ${fewer} people in this group raised this.`
    })
  })

  // 2. Secondary suppression until stable.
  const smallestShown = (indices: number[], value: (i: number) => number, hidden: (i: number) => boolean): number | undefined =>
    indices.filter(i => !hidden(i)).sort((a, b) => value(a) - value(b) || a - b)[0]
  const all = (n: number) => Array.from({ length: n }, (_, i) => i)
  for (let changed = true; changed; ) {
    changed = false

    if (grandWhy === undefined && groupWhy.filter(w => w !== undefined).length === 1) {
      const g = smallestShown(all(groups.length), i => groupTotal[i] as number, i => groupWhy[i] !== undefined)
      if (g === undefined) grandWhy = 'Hidden so that the hidden group size cannot be worked out from it.'
      else {
        hideGroup(
          g,
          'Hidden as well, so that the other hidden group size cannot be worked out from the overall total.',
          "Hidden because the group's size is hidden.",
        )
      }
      changed = true
    }

    codes.forEach((_, c) => {
      if (rowWhy[c] !== undefined) return
      const hiddenCells = cellWhy[c]!.filter(w => w !== undefined).length
      if (hiddenCells !== 1) return
      const g = smallestShown(all(groups.length), i => cell[c]![i] as number, i => cellWhy[c]![i] !== undefined)
      if (g === undefined) rowWhy[c] = 'Hidden so that the hidden figure for this code cannot be worked out from it.'
      else cellWhy[c]![g] = 'Hidden as well, so that the other hidden figure for this code cannot be worked out from the total.'
      changed = true
    })

    groups.forEach((_, g) => {
      if (!codedOnce[g] || groupWhy[g] !== undefined) return
      const hiddenCells = codes.filter((_c, c) => cellWhy[c]![g] !== undefined).length
      if (hiddenCells !== 1) return
      const c = smallestShown(all(codes.length), i => cell[i]![g] as number, i => cellWhy[i]![g] !== undefined)
      if (c === undefined) {
        hideGroup(g, 'Hidden so that the hidden figure in this group cannot be worked out from it.', "Hidden because the group's size is hidden.")
      } else cellWhy[c]![g] = 'Hidden as well, so that the other hidden figure in this group cannot be worked out from its total.'
      changed = true
    })

    if (exclusive && grandWhy === undefined && rowWhy.filter(w => w !== undefined).length === 1) {
      const c = smallestShown(all(codes.length), i => rowTotal[i] as number, i => rowWhy[i] !== undefined)
      if (c === undefined) grandWhy = 'Hidden so that the hidden total for a code cannot be worked out from it.'
      else rowWhy[c] = 'Hidden as well, so that the other hidden total for a code cannot be worked out from the overall total.'
      changed = true
    }
  }

  // A share of a hidden total would give the total away, so shares of everyone are left out when it is hidden.
  const figure = (n: number, of: number, why: string | undefined, ofHidden = false): CrossTabFigure =>
    why === undefined
      ? { people: n, share: ofHidden ? null : of > 0 ? n / of : 0, suppressed: false, reason: null }
      : { people: null, share: null, suppressed: true, reason: why }
  const out: CrossTab = {
    threshold: T,
    groups: groups.map((group, g) => ({ group, ...figure(groupTotal[g] as number, grand, groupWhy[g], grandWhy !== undefined) })),
    rows: codes.map((code, c) => ({
      code,
      cells: groups.map((group, g) => ({
        code,
        group,
        groupTotal: groupWhy[g] === undefined ? (groupTotal[g] as number) : null,
        ...figure(cell[c]![g] as number, groupTotal[g] as number, cellWhy[c]![g]),
      })),
      total: figure(rowTotal[c] as number, grand, rowWhy[c], grandWhy !== undefined),
    })),
    total: figure(grand, grand, grandWhy),
    suppressedCount: 0,
  }
  out.suppressedCount =
    out.groups.filter(g => g.suppressed).length +
    out.rows.reduce((s, r) => s + r.cells.filter(x => x.suppressed).length + (r.total.suppressed ? 1 : 0), 0) +
    (out.total.suppressed ? 1 : 0)
  return out
}
