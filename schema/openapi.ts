import { z } from 'zod'
import { OrgConfig } from './api/config'
import { ErrorBody, errorStatus, type ErrorCode } from './api/errors'

/*
 * The OpenAPI 3.1 document. Its operations come from the worker's routes themselves (each /v1 route carries a
 * contract, worker/src/http/contract.ts) and its schemas are the zod schemas those routes validate with, so the
 * published contract cannot drift from what the code accepts, nor miss a route.
 */

const securitySchemes = {
  adminToken: { type: 'http', scheme: 'bearer', description: 'An admin token, as Authorization: Bearer <token>' },
  ownerToken: { type: 'http', scheme: 'bearer', description: 'The ownerToken answered when the comment was posted' },
  consoleSession: { type: 'apiKey', in: 'cookie', name: 'byline_console', description: 'The console session a magic link opened' },
} as const

export type SecurityScheme = keyof typeof securitySchemes

/** One operation, as its route describes it. */
export type Operation = {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete'
  /** In OpenAPI's form: `/v1/sites/{site}/thread`. */
  path: string
  summary: string
  /** Schemas of path parameters; a parameter without one is a string. */
  params?: z.ZodObject
  query?: z.ZodObject
  headers?: Record<string, { schema: z.ZodType; description: string }>
  body?: z.ZodType
  security?: SecurityScheme
  ok: { status: number; schema: z.ZodType; description: string }
  /** A conditional GET's 304: when the `If-None-Match` it names still matches. */
  notModified?: string
  errors: ErrorCode[]
}

type JsonSchema = Record<string, unknown>
type Write = (schema: z.core.$ZodType, io: 'input' | 'output') => JsonSchema

/** Converts zod schemas to JSON Schema; named sub-schemas (`.meta({ id })`) go to `components`, referenced from there. */
function schemaWriter() {
  const components: Record<string, JsonSchema> = {}
  const write: Write = (schema, io) => {
    const suffix = io === 'input' ? 'Input' : ''
    const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any', reused: 'inline' })
    const relinked: JsonSchema & { $defs?: Record<string, JsonSchema>; $schema?: string } = JSON.parse(
      JSON.stringify(generated).replace(/"#\/\$defs\/([^"]+)"/g, (_, id: string) => `"#/components/schemas/${id}${suffix}"`),
    )
    const { $defs, $schema: _, ...rest } = relinked
    for (const [id, def] of Object.entries($defs ?? {})) components[id + suffix] = def
    return rest
  }
  return { components, write }
}

function describeOperation(op: Operation, write: Write) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  const parameters = [
    ...pathParams.map((name) => {
      const schema = op.params?.shape[name]
      return { name, in: 'path', required: true, schema: schema ? write(schema, 'input') : { type: 'string' } }
    }),
    ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: !z.safeParse(schema, undefined).success,
      schema: write(schema, 'input'),
    })),
    ...Object.entries(op.headers ?? {}).map(([name, h]) => ({
      name,
      in: 'header',
      required: false,
      description: h.description,
      schema: write(h.schema, 'input'),
    })),
  ]
  const errorStatuses = [...new Set(op.errors.map((code) => errorStatus[code]))]
  const responses: Record<string, { description: string; content?: { 'application/json': { schema: JsonSchema } } }> = {
    [op.ok.status]:
      op.ok.status === 204
        ? { description: op.ok.description }
        : { description: op.ok.description, content: { 'application/json': { schema: write(op.ok.schema, 'output') } } },
    ...(op.notModified ? { 304: { description: op.notModified } } : {}),
    ...Object.fromEntries(
      errorStatuses.map((status) => [
        status,
        {
          description: op.errors.filter((c) => errorStatus[c] === status).join(', '),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      ]),
    ),
  }
  return {
    summary: op.summary,
    ...(op.security ? { security: [{ [op.security]: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: write(op.body, 'input') } } } } : {}),
    responses,
  }
}

export function openApiDocument(operations: readonly Operation[], serverUrl: string) {
  const { components, write } = schemaWriter()
  const paths: Record<string, Partial<Record<Operation['method'], ReturnType<typeof describeOperation>>>> = {}
  for (const op of operations) (paths[op.path] ??= {})[op.method] = describeOperation(op, write)
  write(ErrorBody, 'output')
  return {
    openapi: '3.1.0',
    info: {
      title: 'Byline API',
      version: '1',
      description: "Comments on an organisation's pages, each answered by a named member of staff.",
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes,
    },
  }
}

/** JSON Schema of the org-config document, for editors (`"$schema"` in demo/org.json). */
export const orgConfigJsonSchema = () => z.toJSONSchema(OrgConfig, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' })
