import { createMiddleware } from 'hono/factory'
import { validator } from 'hono/validator'
import type { z } from 'zod'
import type { AppEnv } from '../env'
import { checking } from './contract'
import { ApiError, invalid } from './errors'

/** Validates the query string or path parameters with a zod schema; failures become one `invalid_request`. */
export const validate = <T extends 'query' | 'param', S extends z.ZodObject>(target: T, schema: S) =>
  checking(
    validator(target, (value): z.infer<S> => {
      const result = schema.safeParse(value)
      if (!result.success) throw invalid(result.error, target === 'query' ? 'query string' : 'path')
      return result.data
    }),
    { ...(target === 'query' ? { query: schema } : { params: schema }), errors: ['invalid_request'] },
  )

/**
 * A JSON request body, checked in the order a caller can fix it: media type (415), size (413),
 * syntax (400 invalid_json), then shape (400 invalid_request). The parsed value is `c.var.body`.
 */
export const jsonBody = <S extends z.ZodType>(schema: S, maxBytes: number) =>
  checking(jsonMiddleware(schema, maxBytes), {
    body: schema,
    errors: ['unsupported_media_type', 'payload_too_large', 'invalid_json', 'invalid_request'],
  })

const jsonMiddleware = <S extends z.ZodType>(schema: S, maxBytes: number) =>
  createMiddleware<AppEnv & { Variables: { body: z.infer<S> } }>(async (c, next) => {
    const type = c.req.header('content-type') ?? ''
    if (!/^application\/json\s*(;|$)/i.test(type))
      throw new ApiError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.')
    // JSON is UTF-8 (RFC 8259); a body declared in another charset would be read wrong, so it is refused, not guessed.
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1]
    if (charset !== undefined && !/^utf-?8$/i.test(charset))
      throw new ApiError('unsupported_media_type', 'Send JSON as UTF-8 (Content-Type: application/json; charset=utf-8).')
    const text = await readCapped(c.req.raw, maxBytes)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new ApiError('invalid_json', 'The body is not valid JSON.')
    }
    const result = schema.safeParse(value)
    if (!result.success) throw invalid(result.error, 'request body')
    c.set('body', result.data)
    await next()
  })

function tooLarge(maxBytes: number) {
  return new ApiError('payload_too_large', `The body is larger than ${maxBytes} bytes.`)
}

/** Reads the body as UTF-8 text, giving up as soon as it passes the cap (Content-Length may be absent or false). */
async function readCapped(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength)
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new ApiError('invalid_json', 'The body is not valid UTF-8.')
  }
}

/**
 * An HTML form post (urlencoded), capped in size, as a plain object for a zod schema to check. Forms come
 * from our own pages, so a wrong media type or size is a 415/413 like any API call.
 */
export async function readForm(request: Request, maxBytes: number): Promise<Record<string, string>> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type))
    throw new ApiError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded.')
  return Object.fromEntries(new URLSearchParams(await readCapped(request, maxBytes)))
}
