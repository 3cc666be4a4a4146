/*
 * Cloudflare Turnstile, for sites that ask for it. Its iframe cannot live in a shadow root, so the widget gives it a
 * light-DOM child of the host (slot="turnstile") and shows it inside the form through a <slot>.
 */

const SRC = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit'

/** The part of Cloudflare's `window.turnstile` the widget uses. */
export interface Turnstile {
  render(
    container: HTMLElement,
    options: {
      sitekey: string
      callback: (token: string) => void
      'error-callback': () => void
      'expired-callback': () => void
    },
  ): string | undefined
  reset(widgetId?: string): void
}

declare global {
  interface Window {
    turnstile?: Turnstile
  }
}

/** Cloudflare's script, added once per page however many widgets it has; `ready` runs once `turnstile` is there. */
export function whenTurnstile(ready: (turnstile: Turnstile) => void): void {
  const script =
    document.head.querySelector(`[src="${SRC}"]`) ??
    document.head.appendChild(Object.assign(document.createElement('script'), { src: SRC }))
  if (window.turnstile) ready(window.turnstile)
  else script.addEventListener('load', () => ready(window.turnstile!))
}
