/**
 * How one language's mail clients mark where the quoted history starts, and what they append below the
 * text. Rules are written as the clients write them, with `…` for the part that varies (a date, a name,
 * an app); case, runs of spaces, a space before a colon, direction marks and full-width colons do not matter.
 *
 * An attribution that starts with words of its own ("On … wrote:") is trusted with a time of day; one that
 * starts with `…` ("… kirjoitti:") could end an ordinary sentence, so it also needs a quote right after it.
 */
export type Language = {
  /** The line above a quote: "On … wrote:" (Gmail, Apple Mail, Thunderbird, Outlook for Mac and mobile, Yahoo, Proton). */
  attributions: readonly string[]
  /** The words between the dashes of "-----Original Message-----" and of a forward's first line. */
  separators: readonly string[]
  /** A forward's first line when it has no dashes: Apple Mail's "Begin forwarded message:". */
  forwards: readonly string[]
  /** Field names of the header block Outlook and webmail put above the quoted message ("From:", "Sent:"). */
  fields: {
    from: readonly string[]
    /** "Sent:" in Outlook, "Date:" elsewhere. */
    date: readonly string[]
    to: readonly string[]
    subject: readonly string[]
  }
  /** "Sent from …": a line an app adds below the text, whatever the app. */
  signOffs: readonly string[]
  /** The first line of a mailing list's footer; one that starts with `…` counts only after a line of `_` or `-`. */
  listFooters: readonly string[]
}
