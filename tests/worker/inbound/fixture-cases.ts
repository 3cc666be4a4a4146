import PostalMime from 'postal-mime'
import { expect, it } from 'vitest'
import { extractReply } from '../../../worker/src/inbound/reply-text'

/** The answer as a mail client would have sent it: a fixture, as parsed by postal-mime in the worker. */
export type FixtureCase = {
  name: string
  raw: string
  /** What extractReply() returns for the whole message (its text part when it has one). */
  reply: string
  /** What it returns from the HTML part alone: null when the message has none, omitted when it is `reply`. */
  fromHtml?: string | null
}

/** One test per fixture from its text and HTML parts, and one with the CRLF line ends it arrives with. */
export function itExtractsEachReply(fixtures: FixtureCase[]) {
  it.each(fixtures)('$name', async ({ raw, reply, fromHtml = reply }) => {
    const parsed = await PostalMime.parse(raw)
    expect(extractReply(parsed)).toBe(reply)
    if (fromHtml === null) expect(parsed.html).toBeUndefined()
    else expect(extractReply({ html: parsed.html })).toBe(fromHtml)
  })

  it.each(fixtures)('$name, with CRLF line ends', async ({ raw, reply }) => {
    const parsed = await PostalMime.parse(raw.replace(/\n/g, '\r\n'))
    expect(extractReply(parsed)).toBe(reply)
  })
}
