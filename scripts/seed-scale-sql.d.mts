export const SCALE_ORG: string
export const SCALE_SITES: { id: string; name: string; section: string }[]
export function scalePageKey(page?: number): string
export function scaleStatements(options: { comments: number; pages: number; origins?: string[]; now?: number }): {
  statements: string[]
  expected: { sites: number; staff: number; pages: number; conversations: number; commentsPerPage: number }
}
