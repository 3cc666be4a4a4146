// npm run apply-config -- FILE [--url URL]
// Sends an org-config document to PUT /v1/admin/config with the admin token (ADMIN_API_TOKEN from the
// environment, else from .dev.vars). Prints what is now in force, or every problem with the document.
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

async function main() {
  const args = process.argv.slice(2)
  const urlAt = args.indexOf('--url')
  const url = urlAt >= 0 ? args.splice(urlAt, 2)[1] : 'http://localhost:8787'
  const [file] = args
  const token = process.env.ADMIN_API_TOKEN ?? readDevVars().ADMIN_API_TOKEN
  if (!file || !url || !token) {
    console.error('usage: npm run apply-config -- FILE [--url URL]   (needs ADMIN_API_TOKEN in the environment or .dev.vars)')
    process.exit(2)
  }
  const { status, body } = await applyConfig(await readFile(file, 'utf8'), url, token)
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
