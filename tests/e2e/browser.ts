import { chromium, type Browser } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../chromium'

/** Debian's Chromium; a missing browser fails the run, it never skips it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
}
