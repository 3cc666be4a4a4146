import { z } from 'zod'
import { AppliedConfig, OrgConfig } from './api/config'
import {
  Accepted,
  BanRequest,
  EditComment,
  EmailRequest,
  HandoverRequest,
  IdempotencyKey,
  ModerationAction,
  ModerationQueue,
  NewComment,
  PostedComment,
  PrivacyRequest,
  StaffReply,
} from './api/comments'
import { ErrorBody, errorStatus, type ErrorCode } from './api/errors'
import { PublicStaff, Responders, Thread, ThreadQuery } from './api/thread'

/*
 * The OpenAPI 3.1 document, generated from the same zod schemas the worker validates with,
 * so the published contract cannot drift from what the code accepts.
 */

type Operation = {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete'
  path: string
  summary: string
  params?: string[]
  query?: z.ZodObject
  headers?: Record<string, { schema: z.ZodType; description: string }>
  body?: z.ZodType
  auth?: true
  ok: { status: number; schema: z.ZodType; description: string }
  errors: ErrorCode[]
}

const operations: Operation[] = [
  {
    method: 'get',
    path: '/v1/sites/{site}/thread',
    summary: "A page's published conversations and who a new comment would go to",
    params: ['site'],
    query: ThreadQuery,
    ok: { status: 200, schema: Thread, description: 'The thread' },
    errors: ['invalid_request', 'site_not_found', 'origin_not_allowed'],
  },
  {
    method: 'get',
    path: '/v1/sites/{site}/responders',
    summary: "The site's responders with their public record: answered rate and median first-reply time (90 days)",
    params: ['site'],
    ok: { status: 200, schema: Responders, description: 'The responders, by name' },
    errors: ['site_not_found', 'origin_not_allowed'],
  },
  {
    method: 'post',
    path: '/v1/sites/{site}/comments',
    summary: 'Post a comment: a new conversation, or a reply in one',
    params: ['site'],
    headers: {
      'Idempotency-Key': {
        schema: IdempotencyKey,
        description: 'Retries with the same key return the first comment instead of creating another',
      },
    },
    body: NewComment,
    ok: { status: 201, schema: PostedComment, description: 'The stored comment (200 when replayed by Idempotency-Key)' },
    errors: [
      'invalid_request',
      'invalid_json',
      'site_not_found',
      'conversation_not_found',
      'origin_not_allowed',
      'payload_too_large',
      'unsupported_media_type',
      'idempotency_key_reused',
      'reserved_name',
      'spam_detected',
      'banned_content',
      'too_many_links',
      'turnstile_failed',
      'banned',
      'rate_limited',
    ],
  },
  {
    method: 'patch',
    path: '/v1/comments/{id}',
    summary: "Edit one's own comment within the site's edit window (Authorization: Bearer <ownerToken>)",
    params: ['id'],
    body: EditComment,
    ok: { status: 200, schema: PostedComment, description: 'The edited comment' },
    errors: ['invalid_request', 'not_owner', 'edit_window_closed', 'comment_not_found', 'origin_not_allowed', 'too_many_links', 'banned_content'],
  },
  {
    method: 'delete',
    path: '/v1/comments/{id}',
    summary: "Delete one's own comment, any time (Authorization: Bearer <ownerToken>); answers 204",
    params: ['id'],
    ok: { status: 204, schema: z.null(), description: 'Deleted' },
    errors: ['not_owner', 'comment_not_found', 'origin_not_allowed'],
  },
  {
    method: 'post',
    path: '/v1/sites/{site}/verify',
    summary: 'Send a confirmation link to an address whose comments wait for it; the same answer for any address',
    params: ['site'],
    body: EmailRequest,
    ok: { status: 202, schema: Accepted, description: 'Accepted' },
    errors: ['invalid_request', 'site_not_found', 'origin_not_allowed'],
  },
  {
    method: 'post',
    path: '/v1/sites/{site}/privacy',
    summary: "Ask for an export or deletion of one's data on a site, confirmed by an emailed link; the same answer for any address",
    params: ['site'],
    body: PrivacyRequest,
    ok: { status: 202, schema: Accepted, description: 'Accepted' },
    errors: ['invalid_request', 'site_not_found', 'origin_not_allowed'],
  },
  {
    method: 'put',
    path: '/v1/admin/config',
    summary: "Apply an organisation's configuration document, whole or not at all",
    auth: true,
    body: OrgConfig,
    ok: { status: 200, schema: AppliedConfig, description: 'What is now in force' },
    errors: [
      'invalid_request',
      'invalid_json',
      'unauthorized',
      'site_owned_by_other_org',
      'payload_too_large',
      'unsupported_media_type',
    ],
  },
  {
    method: 'post',
    path: '/v1/admin/conversations/{id}/replies',
    summary: "Publish a reply under a named member of staff's identity (until replies by email and reply pages exist)",
    params: ['id'],
    auth: true,
    body: StaffReply,
    ok: { status: 201, schema: PostedComment, description: 'The published reply' },
    errors: ['invalid_request', 'invalid_json', 'unauthorized', 'conversation_not_found', 'staff_not_found', 'payload_too_large', 'unsupported_media_type'],
  },
  {
    method: 'post',
    path: '/v1/admin/conversations/{id}/handover',
    summary: 'Hand a conversation to a named colleague; the thread shows the hand-over and its note',
    params: ['id'],
    auth: true,
    body: HandoverRequest,
    ok: {
      status: 200,
      schema: z.object({ conversationId: z.string(), assignee: PublicStaff }),
      description: 'Who has the conversation now',
    },
    errors: ['invalid_request', 'invalid_json', 'unauthorized', 'conversation_not_found', 'staff_not_found', 'already_assigned'],
  },
  {
    method: 'get',
    path: '/v1/admin/sites/{site}/moderation',
    summary: 'Comments waiting for a moderator or for their author to confirm their address',
    params: ['site'],
    auth: true,
    ok: { status: 200, schema: ModerationQueue, description: 'The queue, oldest first' },
    errors: ['unauthorized', 'site_not_found'],
  },
  {
    method: 'post',
    path: '/v1/admin/comments/{id}/moderation',
    summary: 'Approve, hide or delete a comment; logged',
    params: ['id'],
    auth: true,
    body: ModerationAction,
    ok: { status: 200, schema: z.object({ commentId: z.string(), action: z.string() }), description: 'Done' },
    errors: ['invalid_request', 'unauthorized', 'comment_not_found'],
  },
  {
    method: 'post',
    path: '/v1/admin/sites/{site}/bans',
    summary: 'Ban a visitor email or IP hash from a site; logged',
    params: ['site'],
    auth: true,
    body: BanRequest,
    ok: { status: 201, schema: z.object({ banned: z.object({ kind: z.enum(['email', 'ip']), value: z.string() }) }), description: 'Banned' },
    errors: ['invalid_request', 'unauthorized', 'site_not_found'],
  },
]

type JsonSchema = Record<string, unknown>

/** Named schemas (those with a `.meta({ id })`) collected while describing operations. */
let components: Record<string, JsonSchema> = {}

/** JSON Schema of one zod schema; named sub-schemas go to components and are referenced from there. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const suffix = io === 'input' ? 'Input' : ''
  const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any', reused: 'inline' })
  const relinked = JSON.parse(
    JSON.stringify(generated).replace(/"#\/\$defs\/([^"]+)"/g, (_, id: string) => `"#/components/schemas/${id}${suffix}"`),
  ) as JsonSchema & { $defs?: Record<string, JsonSchema>; $schema?: string }
  const { $defs, $schema: _, ...rest } = relinked
  for (const [id, def] of Object.entries($defs ?? {})) components[id + suffix] = def
  return rest
}

function describeOperation(op: Operation) {
  const parameters = [
    ...(op.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(schema as z.ZodType, 'input'),
    })),
    ...Object.entries(op.headers ?? {}).map(([name, h]) => ({
      name,
      in: 'header',
      required: false,
      description: h.description,
      schema: jsonSchema(h.schema, 'input'),
    })),
  ]
  const errorStatuses = [...new Set(op.errors.map((code) => errorStatus[code]))]
  return {
    summary: op.summary,
    ...(op.auth ? { security: [{ adminToken: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
      : {}),
    responses: {
      [op.ok.status]:
        op.ok.status === 204
          ? { description: op.ok.description }
          : { description: op.ok.description, content: { 'application/json': { schema: jsonSchema(op.ok.schema, 'output') } } },
      ...Object.fromEntries(
        errorStatuses.map((status) => [
          status,
          {
            description: op.errors.filter((c) => errorStatus[c] === status).join(', '),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  }
}

export function openApiDocument(serverUrl: string) {
  components = {}
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations) (paths[op.path] ??= {})[op.method] = describeOperation(op)
  jsonSchema(ErrorBody, 'output')
  return {
    openapi: '3.1.0',
    info: {
      title: 'Byline API',
      version: '1',
      description: 'Comments on an organisation\'s pages, each answered by a named member of staff.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
    },
  }
}

/** JSON Schema of the org-config document, for editors (`"$schema"` in demo/org.json). */
export const orgConfigJsonSchema = () => z.toJSONSchema(OrgConfig, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' })
