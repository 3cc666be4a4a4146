import type { ConsoleMe } from '../../schema'
import type { ConfigDraft } from './draft'

/** What every view of the console is given: who is signed in, the config being edited, and where it runs. */
export type ConsoleContext = {
  me: ConsoleMe
  draft: ConfigDraft
  /** Local development: links arrive in the dev outbox at /dev/mail. */
  dev: boolean
  /** Tells the console a view's action changed what others show (the queue after a reply, the log after an apply). */
  refresh(): void
}

/** The views, in the navigation's order: the hash they live at and their name. */
export const views = [
  ['queue', 'Conversations'],
  ['stats', 'Response times'],
  ['sites', 'Sites'],
  ['staff', 'Staff'],
  ['rules', 'Routing'],
  ['config', 'Review and import'],
  ['activity', 'Activity'],
] as const

export type ViewName = (typeof views)[number][0]
