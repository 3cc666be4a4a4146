// npm run apply-config -- FILE [--url URL] [--local-origins]
// Sends an org-config document to PUT /v1/admin/config with the admin token (ADMIN_API_TOKEN from the
// environment, else from .dev.vars). Prints what is now in force, or every problem with the document.
// --local-origins points every site's origins at the server at URL: the demo, on whatever port it runs.
import { readFile } from 'node:fs/promises'
import { readDevVars } from './dev-vars.mjs'

/** PUTs an org-config document (JSON text) to the worker at `url`. */
export async function applyConfig(document, url, token) {
  const res = await fetch(new URL('/v1/admin/config', url), {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: document,
  })
  return { status: res.status, body: await res.json() }
}

/** The document (JSON text) with every site's origins set to the local server at `url`, by either loopback name. */
export function withLocalOrigins(document, url) {
  const config = JSON.parse(document)
  const origins = ['localhost', '127.0.0.1'].map((hostname) => Object.assign(new URL(url), { hostname }).origin)
  for (const site of config.sites ?? []) site.origins = origins
  return JSON.stringify(config)
}

async function main() {
  const args = process.argv.slice(2)
  const urlAt = args.indexOf('--url')
  const url = urlAt >= 0 ? args.splice(urlAt, 2)[1] : `http://localhost:${process.env.PORT ?? 8787}`
  const localAt = args.indexOf('--local-origins')
  if (localAt >= 0) args.splice(localAt, 1)
  const [file] = args
  const token = process.env.ADMIN_API_TOKEN ?? readDevVars().ADMIN_API_TOKEN
  if (!file || !url || !token) {
    console.error('usage: npm run apply-config -- FILE [--url URL] [--local-origins]   (needs ADMIN_API_TOKEN in the environment or .dev.vars)')
    process.exit(2)
  }
  const text = await readFile(file, 'utf8')
  const { status, body } = await applyConfig(localAt >= 0 ? withLocalOrigins(text, url) : text, url, token)
  if (status !== 200) {
    console.error(`${file} was refused (${status} ${body.error?.code}): ${body.error?.message}`)
    for (const issue of body.error?.issues ?? []) console.error(`  ${issue.path.join('.') || '(document)'}: ${issue.message}`)
    process.exit(1)
  }
  console.log(`Applied ${file} to ${url}: org ${body.org.id}; sites ${body.sites.map((s) => s.id + (s.active ? '' : ' (inactive)')).join(', ')}`)
  console.log(`  active staff: ${body.staff.active.join(', ')}`)
  if (body.staff.deactivated.length) console.log(`  deactivated staff: ${body.staff.deactivated.join(', ')}`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
