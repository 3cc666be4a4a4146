// Adds demo/conversations.json to an empty demo: each visitor comment through the public API, each staff
// answer through the staff reply API. A page that already has conversations is left alone.
import { readFile } from 'node:fs/promises'

/** An admin token of the demo organisation, issued with the deployment token (which only bootstraps orgs). */
export async function demoOrgToken(base, deploymentToken) {
  const { org } = JSON.parse(await readFile('demo/org.json', 'utf8'))
  const res = await fetch(`${base}/v1/admin/orgs/${org.id}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${deploymentToken}` },
    body: JSON.stringify({ label: 'demo seed' }),
  })
  if (res.status !== 201) throw new Error(`demo admin token refused: ${res.status} ${await res.text()}`)
  return (await res.json()).token
}

export async function seedDemo(base, deploymentToken) {
  const { conversations } = JSON.parse(await readFile('demo/conversations.json', 'utf8'))
  let token
  const headers = { 'content-type': 'application/json', origin: base }
  const seeded = new Map()
  for (const c of conversations) {
    const url = new URL(c.path, base).href
    if (!seeded.has(c.path)) {
      const thread = await fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(url)}`, { headers })
      if (thread.status !== 200) throw new Error(`demo thread refused: ${thread.status} ${await thread.text()}`)
      seeded.set(c.path, (await thread.json()).conversations.length > 0)
    }
    if (seeded.get(c.path)) continue
    const res = await fetch(`${base}/v1/sites/demo/comments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url, topic: c.topic, name: c.visitor.name, email: c.visitor.email, body: c.body }),
    })
    if (res.status !== 201) throw new Error(`demo comment refused: ${res.status} ${await res.text()}`)
    const { comment } = await res.json()
    if (!c.reply) continue
    token ??= await demoOrgToken(base, deploymentToken)
    const reply = await fetch(`${base}/v1/admin/conversations/${comment.conversationId}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(c.reply),
    })
    if (reply.status !== 201) throw new Error(`demo reply refused: ${reply.status} ${await reply.text()}`)
  }
}
