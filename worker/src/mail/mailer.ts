import { isDevelopment, type Env } from '../env'
import { insertDevMail } from '../store/dev-mail'

export type Address = { name?: string | undefined; email: string }

/** A message ready to send. Values are already validated; drivers must still never put CR/LF into a header. */
export type OutgoingMail = {
  to: Address
  subject: string
  text: string
  html: string
  headers?: Record<string, string>
}

export interface Mailer {
  send(mail: OutgoingMail, now: number): Promise<void>
}

/** Development: the message is kept in D1 and shown at /dev/mail. Nothing leaves the machine. */
export const devOutboxMailer = (db: D1Database): Mailer => ({
  send: (mail, now) => insertDevMail(db, mail, now),
})

/** Cloudflare's `send_email` binding, in its Email Service form. */
export const cloudflareMailer = (binding: SendEmail, from: Address): Mailer => ({
  async send(mail) {
    await binding.send({
      from: { name: from.name ?? '', email: from.email },
      to: { name: mail.to.name ?? '', email: mail.to.email },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.headers ? { headers: mail.headers } : {}),
    })
  },
})

/** `Name <address>` → parts, for the MAIL_FROM setting. */
export function parseAddress(value: string): Address {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value)
  return m ? { name: m[1] || undefined, email: m[2]! } : { email: value.trim() }
}

export function mailerFor(env: Env): Mailer {
  if (isDevelopment(env)) return devOutboxMailer(env.DB)
  if (env.EMAIL) return cloudflareMailer(env.EMAIL, parseAddress(env.MAIL_FROM))
  throw new Error('No mailer: bind send_email as EMAIL, or run with ENVIRONMENT=development')
}

/** Keeps header values on one line whatever they came from. */
export const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim()
