// Reads .dev.vars (KEY=value lines), the local stand-in for `wrangler secret`.
import { existsSync, readFileSync } from 'node:fs'

export function readDevVars(file = '.dev.vars') {
  if (!existsSync(file)) return {}
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && line.includes('='))
      .map((line) => {
        const at = line.indexOf('=')
        return [line.slice(0, at).trim(), line.slice(at + 1).trim().replace(/^"(.*)"$/, '$1')]
      }),
  )
}
