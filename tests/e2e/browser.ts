import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { chromiumArgs, chromiumPath } from '../chromium'

/** Debian's Chromium; a missing browser fails the run, it never skips it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
}

/** One Chromium for the tests of a file: launched before them, closed after. */
export function chromiumForTheseTests(): Pick<Browser, 'newPage' | 'newContext'> {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return { newPage: (...a) => browser!.newPage(...a), newContext: (...a) => browser!.newContext(...a) }
}
