import { expect, inject } from 'vitest'

export type DevMessage = { to: string; subject: string; text: string; links: string[] }

/** The first message in the running worker's dev outbox that matches, once it is there. */
export async function waitForMail(match: (m: DevMessage) => boolean): Promise<DevMessage> {
  let found: DevMessage | undefined
  await expect
    .poll(async () => {
      const mail = (await (await fetch(`${inject('bylineUrl')}/dev/mail.json`)).json()) as { messages: DevMessage[] }
      found = mail.messages.find(match)
      return found
    }, { timeout: 15_000 })
    .toBeDefined()
  return found!
}
