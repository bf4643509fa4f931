import type { ContentDiff, ItemDiff, SectionDiff, TextChange, TextPart } from './diff.ts'

/**
 * Renderings of a charter difference (see diff.ts): HTML for pages, and plain text for print and for people who
 * read on paper. Both say in words what changed: colour is never the only sign. In HTML, removed words are in
 * <del> (struck through) and added words in <ins> (underlined), each with hidden text ("removed:", "added:") that
 * screen readers announce. All text is escaped.
 */
export interface RenderDiffOptions {
  /** Principle titles by key, to name linked principles. A key with no title is shown as the key. */
  principleTitles?: ReadonlyMap<string, string> | Readonly<Record<string, string>>
  /** How to name the two versions, e.g. "version 3" and "version 4". */
  beforeLabel?: string
  afterLabel?: string
  /** The heading level for section headings (2 by default); item-list headings are one level below. */
  headingLevel?: 2 | 3 | 4
  /** Also list items that did not change (off by default: only what changed, with a count of the rest). */
  showUnchanged?: boolean
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

function principleTitle(key: string, options: RenderDiffOptions): string {
  const titles = options.principleTitles
  if (!titles) return key
  const title = titles instanceof Map ? titles.get(key) : (titles as Readonly<Record<string, string>>)[key]
  return typeof title === 'string' ? title : key
}

function quoteList(keys: readonly string[], options: RenderDiffOptions): string {
  const names = keys.map(k => `“${principleTitle(k, options)}”`)
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

const KIND_NAMES: Record<ItemDiff['kind'], { one: string; many: string; heading: string }> = {
  commitment: { one: 'commitment', many: 'commitments', heading: 'Commitments' },
  ask: { one: '“what we ask of you” item', many: '“what we ask of you” items', heading: 'What we ask of you' },
}

/** What happened to an item, in words (the same words in HTML and plain text). */
function itemStatus(item: ItemDiff): string[] {
  const words: string[] = []
  if (item.status === 'added') words.push('Added')
  if (item.status === 'removed') words.push('Removed')
  if (item.status === 'moved-out' && item.movedTo) words.push(`Moved to ${item.movedTo.title}`)
  if (item.movedFrom) words.push(`Moved from ${item.movedFrom.title}`)
  if (item.reordered) words.push('Moved within this section')
  if (item.reworded) words.push('Reworded')
  if (item.status === 'kept' && (item.principles.added.length > 0 || item.principles.removed.length > 0)) {
    words.push('Links to principles changed')
  }
  if (words.length === 0) words.push('Not changed')
  return words
}

function principleSentences(item: ItemDiff, options: RenderDiffOptions): string[] {
  if (item.kind !== 'commitment') return []
  const { added, removed, kept } = item.principles
  const sentences: string[] = []
  if (item.status === 'added' && added.length) return [`Delivers ${quoteList(added, options)}.`]
  if (item.status === 'removed' && removed.length) return [`Delivered ${quoteList(removed, options)}.`]
  if (added.length) sentences.push(`Now also delivers ${quoteList(added, options)}.`)
  if (removed.length) sentences.push(`No longer linked to ${quoteList(removed, options)}.`)
  if (sentences.length && kept.length) sentences.push(`Still delivers ${quoteList(kept, options)}.`)
  return sentences
}

function sectionStatus(section: SectionDiff): string[] {
  const words: string[] = []
  if (section.status === 'added') words.push('New section.')
  if (section.status === 'removed') words.push('Section removed.')
  if (section.renamed) words.push(`Renamed from “${section.title.before}”.`)
  if (section.reordered) words.push('Moved to a different place in the charter.')
  return words
}

function sectionName(section: SectionDiff): string {
  return section.title.after ?? section.title.before ?? section.key
}

function countUnchanged(items: readonly ItemDiff[]): number {
  return items.filter(i => !i.changed).length
}

// --- HTML ------------------------------------------------------------------------------------------------------

function htmlParts(parts: readonly TextPart[]): string {
  return parts
    .map(part => {
      const text = escapeHtml(part.text)
      if (part.kind === 'added') {
        return (
          `<ins class="app-diff__added"><span class="govuk-visually-hidden">added: </span>${text}` +
          `<span class="govuk-visually-hidden"> (end of addition)</span></ins>`
        )
      }
      if (part.kind === 'removed') {
        return (
          `<del class="app-diff__removed"><span class="govuk-visually-hidden">removed: </span>${text}` +
          `<span class="govuk-visually-hidden"> (end of removal)</span></del>`
        )
      }
      return text
    })
    .join('')
}

function htmlText(change: TextChange, className = 'govuk-body'): string {
  return `<p class="${className} app-diff__text">${htmlParts(change.parts)}</p>`
}

function htmlItem(item: ItemDiff, options: RenderDiffOptions): string {
  const status = itemStatus(item)
    .map(word => escapeHtml(word))
    .join(', ')
  const principles = principleSentences(item, options)
    .map(sentence => `<p class="govuk-body-s">${escapeHtml(sentence)}</p>`)
    .join('')
  return (
    `<li class="app-diff__item app-diff__item--${item.status}">` +
    `<p class="govuk-body-s govuk-!-margin-bottom-1"><strong>${status}</strong></p>` +
    htmlText(item.text) +
    principles +
    `</li>`
  )
}

function htmlItems(items: readonly ItemDiff[], level: number, options: RenderDiffOptions): string {
  if (items.length === 0) return ''
  const names = KIND_NAMES[items[0]!.kind]
  const shown = options.showUnchanged ? items : items.filter(i => i.changed)
  const unchanged = countUnchanged(items)
  let html = ''
  if (shown.length > 0) {
    html += `<h${level} class="govuk-heading-s">${escapeHtml(names.heading)}</h${level}>`
    html += `<ul class="govuk-list app-diff__items">${shown.map(i => htmlItem(i, options)).join('')}</ul>`
  }
  if (!options.showUnchanged && unchanged > 0 && shown.length > 0) {
    const noun = unchanged === 1 ? names.one : names.many
    html += `<p class="govuk-body-s">${escapeHtml(`${unchanged} other ${noun} in this section did not change.`)}</p>`
  }
  return html
}

function noChangesMessage(options: RenderDiffOptions): string {
  if (options.beforeLabel && options.afterLabel) {
    return `There are no differences between ${options.beforeLabel} and ${options.afterLabel}.`
  }
  return 'There are no differences between these two versions.'
}

/** The difference as an HTML fragment (GOV.UK Frontend classes), to put inside a page. */
export function renderDiffHtml(diff: ContentDiff, options: RenderDiffOptions = {}): string {
  if (!diff.hasChanges) return `<p class="govuk-body app-diff__none">${escapeHtml(noChangesMessage(options))}</p>`
  const level = options.headingLevel ?? 2
  const sub = level + 1
  const out: string[] = ['<div class="app-diff">']
  out.push(`<h${level} class="govuk-heading-m">Summary of changes</h${level}>`)
  if (options.beforeLabel && options.afterLabel) {
    out.push(`<p class="govuk-body">${escapeHtml(`From ${options.beforeLabel} to ${options.afterLabel}.`)}</p>`)
  }
  out.push(`<ul class="govuk-list govuk-list--bullet">${diff.summary.map(l => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`)
  out.push(
    '<p class="govuk-body-s">Removed words are struck through and marked “removed”. ' +
      'Added words are underlined and marked “added”.</p>',
  )
  if (diff.title.changed) {
    out.push(`<h${level} class="govuk-heading-m">Title of the charter</h${level}>`, htmlText(diff.title))
  }
  if (diff.introduction.changed) {
    out.push(`<h${level} class="govuk-heading-m">Introduction to the charter</h${level}>`, htmlText(diff.introduction))
  }
  for (const section of diff.sections) {
    if (!section.changed && !options.showUnchanged) continue
    out.push(`<section class="app-diff__section app-diff__section--${section.status}">`)
    out.push(`<h${level} class="govuk-heading-m">${escapeHtml(`Section: ${sectionName(section)}`)}</h${level}>`)
    const status = sectionStatus(section)
    if (status.length) out.push(`<p class="govuk-body"><strong>${escapeHtml(status.join(' '))}</strong></p>`)
    if (section.renamed) out.push(`<p class="govuk-body app-diff__text">Title: ${htmlParts(section.title.parts)}</p>`)
    if (section.introduction.changed && (section.introduction.before || section.introduction.after)) {
      out.push(`<h${sub} class="govuk-heading-s">Introduction to this section</h${sub}>`, htmlText(section.introduction))
    }
    out.push(htmlItems(section.commitments, sub, options), htmlItems(section.asks, sub, options))
    out.push('</section>')
  }
  const unchangedSections = diff.sections.filter(s => !s.changed).length
  if (unchangedSections > 0 && !options.showUnchanged) {
    out.push(
      `<p class="govuk-body">${escapeHtml(
        `${unchangedSections} other ${unchangedSections === 1 ? 'section' : 'sections'} did not change.`,
      )}</p>`,
    )
  }
  out.push('</div>')
  return out.join('\n')
}

// --- Plain text ------------------------------------------------------------------------------------------------

function plainParts(parts: readonly TextPart[]): string {
  return parts
    .map(part => {
      if (part.kind === 'added') return `[added: ${part.text}]`
      if (part.kind === 'removed') return `[removed: ${part.text}]`
      return part.text
    })
    .join('')
}

/**
 * The difference as plain text, for print, PDF and paper: headings in capitals, and changed words written out as
 * "[removed: ...]" and "[added: ...]" so that nothing depends on colour or type style.
 */
export function renderDiffText(diff: ContentDiff, options: RenderDiffOptions = {}): string {
  if (!diff.hasChanges) return `${noChangesMessage(options)}\n`
  const out: string[] = []
  out.push('SUMMARY OF CHANGES')
  if (options.beforeLabel && options.afterLabel) out.push(`From ${options.beforeLabel} to ${options.afterLabel}.`)
  out.push('')
  for (const l of diff.summary) out.push(`- ${l}`)
  out.push('', 'Removed words are shown as [removed: ...] and added words as [added: ...].')
  if (diff.title.changed) out.push('', 'TITLE OF THE CHARTER', plainParts(diff.title.parts))
  if (diff.introduction.changed) out.push('', 'INTRODUCTION TO THE CHARTER', plainParts(diff.introduction.parts))
  for (const section of diff.sections) {
    if (!section.changed && !options.showUnchanged) continue
    out.push('', `SECTION: ${sectionName(section).toUpperCase()}`)
    const status = sectionStatus(section)
    if (status.length) out.push(status.join(' '))
    if (section.renamed) out.push(`Title: ${plainParts(section.title.parts)}`)
    if (section.introduction.changed && (section.introduction.before || section.introduction.after)) {
      out.push('', 'Introduction to this section:', plainParts(section.introduction.parts))
    }
    for (const items of [section.commitments, section.asks]) {
      if (items.length === 0) continue
      const names = KIND_NAMES[items[0]!.kind]
      const shown = options.showUnchanged ? items : items.filter(i => i.changed)
      if (shown.length === 0) continue
      out.push('', `${names.heading}:`)
      for (const item of shown) {
        out.push(`* ${itemStatus(item).join(', ')}: ${plainParts(item.text.parts)}`)
        for (const sentence of principleSentences(item, options)) out.push(`  ${sentence}`)
      }
      const unchanged = countUnchanged(items)
      if (!options.showUnchanged && unchanged > 0) {
        out.push(`  (${unchanged} other ${unchanged === 1 ? names.one : names.many} in this section did not change.)`)
      }
    }
  }
  const unchangedSections = diff.sections.filter(s => !s.changed).length
  if (unchangedSections > 0 && !options.showUnchanged) {
    out.push('', `${unchangedSections} other ${unchangedSections === 1 ? 'section' : 'sections'} did not change.`)
  }
  return `${out.join('\n')}\n`
}
