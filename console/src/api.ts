import type { z } from 'zod'
import { CONSOLE_CSRF_HEADER, ErrorBody, type ErrorIssue } from '../../schema'

/*
 * The console's one way to the worker: same-origin JSON with the session cookie, the CSRF header on every call,
 * answers checked against the same zod schemas the worker answers with.
 */

/** A refusal as the worker sent it: its stable code, its sentence, and where in the input it was. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message)
  }
}

/** Whether a call found the session gone: any view's refusal of this kind brings back the sign-in form. */
export const isSessionLost = (e: unknown): e is ApiRefusal => e instanceof ApiRefusal && (e.code === 'not_signed_in' || e.code === 'session_expired')

type Call<S extends z.ZodType> = { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; schema: S }

/** Calls `path` and answers its body as `schema` reads it; a refusal throws ApiRefusal. */
export async function api<S extends z.ZodType>(path: string, { method = 'GET', body, schema }: Call<S>): Promise<z.infer<S>> {
  const headers: Record<string, string> = { [CONSOLE_CSRF_HEADER]: '1', accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiRefusal(0, 'network', 'The console cannot reach the server. Check your connection and try again.')
  }
  const json: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    const refusal = ErrorBody.safeParse(json)
    if (refusal.success) throw new ApiRefusal(res.status, refusal.data.error.code, refusal.data.error.message, refusal.data.error.issues)
    throw new ApiRefusal(res.status, 'internal_error', `The server answered ${res.status}. Please try again.`)
  }
  return schema.parse(json)
}

/** A query string from the fields that have a value. */
export function query(fields: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}
