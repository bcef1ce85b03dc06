/**
 * Supervise front-end bootstrap (ES module, no build step).
 *
 * Load from <head>, after the htmx-config <meta> (if any):
 *
 *   <script src="/static/js/htmx.min.js" defer></script>
 *   <script type="module" src="/static/js/app.js"></script>
 *
 * It does two things and nothing else:
 *
 * 1. Initialises GOV.UK Frontend components once, when the page loads.
 * 2. After every htmx swap, initialises GOV.UK Frontend components inside the
 *    swapped content only. htmx 4 fires `htmx:after:settle` once per swap
 *    task (the main swap, each hx-swap-oob element and each <hx-partial>)
 *    with `event.detail.newContent`: the nodes it just inserted.
 *
 * Focus: GOV.UK Frontend's ErrorSummary moves focus to itself when it is
 * initialised (unless data-disable-auto-focus="true"), so a swapped-in
 * `.govuk-error-summary` (with data-module="govuk-error-summary") gets focus
 * through step 2; no extra code is needed here.
 */
import { initAll } from './govuk-frontend.min.js'

const COMPONENT = '[data-module]'

/**
 * initAll() reports per-component failures here instead of console.log.
 * GOV.UK Frontend 6 throws InitError ("Root element (`$root`) already
 * initialised") *before* doing anything when it meets a component that was
 * initialised earlier; that is expected whenever a scope also holds older
 * components, so it is skipped. Anything else is a real problem.
 *
 * @param {unknown} error
 * @param {object} context
 */
function onError(error, context) {
  if (error instanceof Error && error.name === 'InitError') {
    return
  }
  console.error('GOV.UK Frontend:', error, context)
}

/**
 * Work out the smallest set of elements to pass to initAll() as `scope`.
 *
 * initAll({ scope }) only looks at scope.querySelectorAll('[data-module]'),
 * which never includes the scope element itself, so when the swapped element
 * *is* a component (for example an outerHTML swap of an error summary) we
 * scope to its parent instead. Scopes inside another scope are dropped.
 *
 * @param {Iterable<Node>} nodes
 * @returns {Element[]}
 */
function scopesFor(nodes) {
  const candidates = new Set()
  for (const node of nodes) {
    if (!(node instanceof Element) || !node.isConnected) {
      continue
    }
    const scope = node.matches(COMPONENT) ? node.parentElement : node
    if (scope && scope.querySelector(COMPONENT)) {
      candidates.add(scope)
    }
  }
  const scopes = [...candidates]
  return scopes.filter(
    (scope) => !scopes.some((other) => other !== scope && other.contains(scope))
  )
}

document.addEventListener('htmx:after:settle', (event) => {
  const detail = /** @type {CustomEvent} */ (event).detail
  const nodes = Array.isArray(detail?.newContent) ? detail.newContent : [event.target]
  for (const scope of scopesFor(nodes)) {
    initAll({ scope, onError })
  }
})

initAll({ onError })
