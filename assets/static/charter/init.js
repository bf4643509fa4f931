// Progressive enhancement only: every page works without this script.
import { initAll } from '/assets/govuk-frontend.min.js'

initAll()

// Selection progress: while the chances are worked out, ask the server every two seconds and update the text and the
// bar (a polite live region announces the text). When it has finished, say so and offer a link: the page is never
// reloaded under the reader's feet. Without this script, the page's "Check progress" button does the same.
for (const el of document.querySelectorAll('[data-module="selection-progress"]')) {
  const url = el.getAttribute('data-url')
  const text = el.querySelector('[data-progress-text]')
  const bar = el.querySelector('[data-progress-bar]')
  if (!url || !text) continue
  const tick = async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) return setTimeout(tick, 5000)
      const state = await response.json()
      if (state.status === 'computing' && state.progress) {
        text.textContent = state.progress.text + (state.progress.percent === null ? '' : ` (${state.progress.percent}% done)`)
        if (bar && state.progress.percent !== null) {
          bar.value = state.progress.percent
          bar.textContent = `${state.progress.percent}%`
        }
        return setTimeout(tick, 2000)
      }
      if (bar) bar.value = 100
      text.textContent = `Finished: the selection is ${state.statusText}. `
      const link = document.createElement('a')
      link.className = 'govuk-link'
      link.href = window.location.pathname
      link.textContent = 'Show the results'
      text.append(link)
    } catch {
      setTimeout(tick, 5000)
    }
  }
  setTimeout(tick, 2000)
}
