import { EmailMessage } from 'cloudflare:email'
import { isDevelopment, type Env } from '../env'
import { insertDevMails } from '../store/dev-mail'
import { assertEmail, buildMime, checkMail, formatAddress } from './mime'

export type Address = { name?: string | undefined; email: string }

/** A message ready to send. Values are already validated; drivers must still never put CR/LF into a header. */
export type OutgoingMail = {
  to: Address
  subject: string
  text: string
  html: string
  /** Where a reply by email goes, e.g. the per-conversation address `reply+TOKEN@inbound.example.org`. */
  replyTo?: Address | undefined
  /** Extra headers: List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted … (values one line each). */
  headers?: Record<string, string> | undefined
}

export interface Mailer {
  send(mail: OutgoingMail, now: number): Promise<void>
  /**
   * Optional: many messages in one call (a driver with a batch API, or the local outbox). Answers, per message,
   * null once sent or why it was refused; throwing means none was sent.
   */
  sendMany?(mails: OutgoingMail[], now: number): Promise<(Error | null)[]>
}

/** Messages in flight at once when a driver sends one by one: Workers allow six open connections per invocation. */
const SEND_CONCURRENCY = 6

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)))

/**
 * Sends what there is to send (null: nothing to say) and answers, per message, null once sent or the error that
 * stopped it, so one refused message fails only its own delivery.
 */
export async function sendAll(mailer: Mailer, mails: (OutgoingMail | null)[], now: number): Promise<(Error | null)[]> {
  const outcomes: (Error | null)[] = mails.map(() => null)
  const queue = mails.flatMap((mail, i) => (mail ? [{ mail, i }] : []))
  if (!queue.length) return outcomes
  if (mailer.sendMany) {
    try {
      const each = await mailer.sendMany(queue.map((q) => q.mail), now)
      queue.forEach((q, k) => (outcomes[q.i] = each[k] ?? null))
    } catch (e) {
      for (const q of queue) outcomes[q.i] = asError(e)
    }
    return outcomes
  }
  let next = 0
  const worker = async () => {
    while (next < queue.length) {
      const { mail, i } = queue[next++]!
      try {
        await mailer.send(mail, now)
      } catch (e) {
        outcomes[i] = asError(e)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, worker))
  return outcomes
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1)

const mime = (mail: OutgoingMail, from: Address, now: number) => buildMime(mail, { from, messageIdDomain: domainOf(from.email), now })

/** Development: the message, and the exact MIME a real driver would send, kept in D1 and shown at /dev/mail. */
export function devOutboxMailer(db: D1Database, from: Address): Mailer {
  async function sendMany(mails: OutgoingMail[], now: number) {
    // A message unfit to send (a header that is not one line) is refused alone; the others are kept in one batch.
    const built = mails.map((mail) => {
      try {
        return { mail, raw: mime(mail, from, now).raw }
      } catch (e) {
        return asError(e)
      }
    })
    await insertDevMails(db, built.filter((b): b is { mail: OutgoingMail; raw: string } => !(b instanceof Error)), now)
    return built.map((b) => (b instanceof Error ? b : null))
  }
  return {
    sendMany,
    async send(mail, now) {
      const [refused] = await sendMany([mail], now)
      if (refused) throw refused
    },
  }
}

/**
 * Cloudflare's `send_email` binding, given our own raw MIME: Reply-To, List-Unsubscribe and Message-ID go out
 * exactly as built here, not as the binding's builder form would rewrite them.
 */
export const cloudflareMailer = (binding: SendEmail, from: Address): Mailer => ({
  async send(mail, now) {
    const { raw } = mime(mail, from, now)
    await binding.send(new EmailMessage(from.email, mail.to.email, raw))
  },
})

export const RESEND_API_URL = 'https://api.resend.com/emails'
/** Resend's batch endpoint takes at most this many messages per call. */
export const RESEND_BATCH_SIZE = 100

/**
 * An HTTP provider (Resend's `POST /emails`). It takes JSON, not MIME, so it builds the headers itself; the same
 * checks as `buildMime` run first. A refusal throws with the status and the provider's message, so the outbox
 * keeps it as last_error and retries. Many messages go to `POST /emails/batch`, a hundred per call, validated
 * permissively (Resend answers which ones it refused), so a drain of 10,000 is 100 calls, not 10,000.
 */
export function resendMailer(opts: { apiKey: string; from: Address; endpoint?: string; fetch?: typeof fetch }): Mailer {
  const endpoint = opts.endpoint ?? RESEND_API_URL
  // Called as a plain function, not as a method of opts: workerd's fetch refuses a foreign `this`.
  const send = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const json = (mail: OutgoingMail) => {
    checkMail(mail, opts.from)
    return {
      from: formatAddress(opts.from),
      to: [mail.to.email],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.replyTo ? { reply_to: mail.replyTo.email } : {}),
      ...(mail.headers ? { headers: mail.headers } : {}),
    }
  }
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    send(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  const refused = async (res: Response) => new Error(`Resend refused the message: ${res.status} ${await providerMessage(res)}`.trim())
  return {
    async send(mail) {
      const res = await post(endpoint, json(mail))
      if (!res.ok) throw await refused(res)
    },
    async sendMany(mails) {
      const outcomes: (Error | null)[] = mails.map(() => null)
      const valid: { i: number; body: ReturnType<typeof json> }[] = []
      mails.forEach((mail, i) => {
        try {
          valid.push({ i, body: json(mail) })
        } catch (e) {
          outcomes[i] = asError(e)
        }
      })
      for (let k = 0; k < valid.length; k += RESEND_BATCH_SIZE) {
        const chunk = valid.slice(k, k + RESEND_BATCH_SIZE)
        try {
          const res = await post(`${endpoint}/batch`, chunk.map((c) => c.body), { 'x-batch-validation': 'permissive' })
          if (!res.ok) {
            const error = await refused(res)
            for (const c of chunk) outcomes[c.i] = error
            continue
          }
          const answer = (await res.json().catch(() => ({}))) as { errors?: { index?: unknown; message?: unknown }[] }
          for (const e of answer.errors ?? []) {
            const c = typeof e.index === 'number' ? chunk[e.index] : undefined
            if (c) outcomes[c.i] = new Error(`Resend refused the message: ${oneLine(String(e.message ?? '')).slice(0, 300)}`.trim())
          }
        } catch (e) {
          for (const c of chunk) outcomes[c.i] = asError(e)
        }
      }
      return outcomes
    },
  }
}

/** The provider's own words about a refusal, one line and short: `{ message }` JSON, else the start of the body. */
async function providerMessage(res: Response): Promise<string> {
  const body = await res.text().catch(() => '')
  let message = body
  try {
    const json: unknown = JSON.parse(body)
    if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') message = json.message
  } catch {
    // Not JSON: keep the text.
  }
  return oneLine(message).slice(0, 300)
}

/** `Name <address>` → parts, for the MAIL_FROM setting. */
export function parseAddress(value: string): Address {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value)
  return m ? { name: m[1] || undefined, email: m[2]! } : { email: value.trim() }
}

/**
 * The configured driver: MAIL_DRIVER when set, else the local outbox in development and the `send_email`
 * binding elsewhere. Throws when the chosen driver is missing what it needs.
 */
export function mailerFor(env: Env): Mailer {
  const from = parseAddress(env.MAIL_FROM)
  assertEmail(from.email, 'MAIL_FROM')
  const driver = env.MAIL_DRIVER?.trim() || (isDevelopment(env) ? 'outbox' : 'cloudflare')
  switch (driver) {
    case 'outbox':
      return devOutboxMailer(env.DB, from)
    case 'cloudflare':
      if (!env.EMAIL) throw new Error('Mail driver "cloudflare" needs a send_email binding named EMAIL in wrangler.toml')
      return cloudflareMailer(env.EMAIL, from)
    case 'resend':
      if (!env.RESEND_API_KEY) throw new Error('Mail driver "resend" needs the RESEND_API_KEY secret (wrangler secret put RESEND_API_KEY)')
      return resendMailer({ apiKey: env.RESEND_API_KEY, from, ...(env.RESEND_API_URL ? { endpoint: env.RESEND_API_URL } : {}) })
    default:
      throw new Error(`MAIL_DRIVER is ${JSON.stringify(driver)}; use outbox, cloudflare or resend`)
  }
}

/** Keeps header values on one line whatever they came from. */
export const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim()
