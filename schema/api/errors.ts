import { z } from 'zod'

/** Every error code the API can answer with, declared once. The HTTP status goes with the code. */
export const errorStatus = {
  invalid_request: 400,
  invalid_json: 400,
  reserved_name: 400,
  spam_detected: 400,
  banned_content: 400,
  too_many_links: 400,
  unauthorized: 401,
  not_signed_in: 401,
  session_expired: 401,
  org_credential_required: 403,
  csrf_refused: 403,
  origin_not_allowed: 403,
  not_owner: 403,
  edit_window_closed: 403,
  turnstile_failed: 403,
  banned: 403,
  not_found: 404,
  org_not_found: 404,
  site_not_found: 404,
  conversation_not_found: 404,
  staff_not_found: 404,
  comment_not_found: 404,
  method_not_allowed: 405,
  site_owned_by_other_org: 409,
  already_assigned: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal_error: 500,
} as const

export type ErrorCode = keyof typeof errorStatus

export const ErrorCode = z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]])

export const ErrorIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])).describe('Where in the input the problem is'),
  message: z.string(),
})
export type ErrorIssue = z.infer<typeof ErrorIssue>

export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string().describe('A sentence for people; do not parse it'),
      issues: z.array(ErrorIssue).optional(),
    }),
  })
  .meta({ id: 'Error' })
export type ErrorBody = z.infer<typeof ErrorBody>
