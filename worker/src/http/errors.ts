import { errorStatus, type ErrorBody, type ErrorCode, type ErrorIssue } from '../../../schema'
import type { z } from 'zod'

/** The one error a handler throws; `app.onError` turns it into the `{ error: { code, message } }` body. */
export class ApiError extends Error {
  readonly status: (typeof errorStatus)[ErrorCode]
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    /** Seconds, for `Retry-After` on 429. */
    readonly retryAfter?: number,
  ) {
    super(message)
    this.status = errorStatus[code]
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } }
  }
}

export function issuesOf(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }))
}

export function invalid(error: z.ZodError, what: string): ApiError {
  const first = error.issues[0]
  const where = first && first.path.length ? ` (${first.path.join('.')}: ${first.message})` : first ? ` (${first.message})` : ''
  return new ApiError('invalid_request', `The ${what} is not valid${where}.`, issuesOf(error))
}
