/*
 * Retrying a D1 read that failed for a reason Cloudflare documents as transient (the connection dropped, the
 * Durable Object behind the database was reset or restarted on a new version). Reads only: D1 never retries a
 * write, and neither may we — a write whose answer was lost may have committed, and running it again is a second
 * write. Anything else (a SQL error, a constraint, a timeout of our own) is rethrown at once.
 */

/** The messages of D1's transient errors, as Cloudflare's D1 documentation lists them. */
const TRANSIENT = [
  /Network connection lost/i,
  /storage caused object to be reset/i,
  /reset because its code was updated/i,
  /Cannot resolve D1 DB due to transient issue/i,
]

/** Whether an error is one of D1's transient ones, worth the same read again. */
export function isTransientD1Error(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error)
  return TRANSIENT.some((pattern) => pattern.test(message))
}

export type RetryOptions = {
  /** Attempts in all, the first included (default 3). */
  attempts?: number
  /** The first wait; each next one doubles (default 50 ms), up to `maxDelayMs` (default 1 s). */
  baseDelayMs?: number
  maxDelayMs?: number
  /** Injected in tests: no real waiting. */
  sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1), injected in tests; the wait is half the backoff plus a random share of the other half. */
  random?: () => number
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs an idempotent read, and runs it again after a backoff with jitter when it fails with a transient D1
 * error, up to `attempts` times in all. The last error is thrown as it was.
 */
export async function retryRead<T>(read: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3)
  const base = options.baseDelayMs ?? 50
  const max = options.maxDelayMs ?? 1000
  const sleep = options.sleep ?? realSleep
  const random = options.random ?? Math.random
  for (let attempt = 1; ; attempt++) {
    try {
      return await read()
    } catch (error) {
      if (attempt >= attempts || !isTransientD1Error(error)) throw error
      // Jitter: many isolates retrying at once spread out instead of arriving together; the floor keeps it growing.
      const backoff = Math.min(max, base * 2 ** (attempt - 1))
      await sleep(Math.round(backoff / 2 + random() * (backoff / 2)))
    }
  }
}
