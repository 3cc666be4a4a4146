import { z } from 'zod'

/*
 * A comment body travels as this tree, never as HTML. The worker builds it from the source text; the widget
 * renders it with templates and emails render it escaped. Anything not listed here cannot be expressed.
 */

export type Inline =
  | { type: 'text'; value: string }
  | { type: 'break' }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'strong'; children: Inline[] }
  | { type: 'code'; value: string }
  | { type: 'link'; href: string; children: Inline[] }

export type ListItem = { type: 'list_item'; children: Block[] }

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'code_block'; value: string }
  | { type: 'blockquote'; children: Block[] }
  | { type: 'list'; ordered: boolean; children: ListItem[] }

export type Doc = { type: 'doc'; children: Block[] }

const safeHref = z
  .string()
  .max(2048)
  .refine((h) => /^(https?:|mailto:)/i.test(h), 'links may only be http, https or mailto')

export const Inline: z.ZodType<Inline> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), value: z.string() }),
    z.object({ type: z.literal('break') }),
    z.object({ type: z.literal('emphasis'), children: z.array(Inline) }),
    z.object({ type: z.literal('strong'), children: z.array(Inline) }),
    z.object({ type: z.literal('code'), value: z.string() }),
    z.object({ type: z.literal('link'), href: safeHref, children: z.array(Inline) }),
  ]),
).meta({ id: 'Inline' })

export const ListItem: z.ZodType<ListItem> = z.lazy(() =>
  z.object({ type: z.literal('list_item'), children: z.array(Block) }),
).meta({ id: 'ListItem' })

export const Block: z.ZodType<Block> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('paragraph'), children: z.array(Inline) }),
    z.object({ type: z.literal('code_block'), value: z.string() }),
    z.object({ type: z.literal('blockquote'), children: z.array(Block) }),
    z.object({ type: z.literal('list'), ordered: z.boolean(), children: z.array(ListItem) }),
  ]),
).meta({ id: 'Block' })

export const Doc = z
  .object({ type: z.literal('doc'), children: z.array(Block) })
  .meta({ id: 'Document', description: 'A comment body as a tree of allowed nodes; never HTML.' })
