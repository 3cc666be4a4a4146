// The SQL of `npm run seed:scale` (scripts/seed-scale.mjs): plain statements, no I/O, so the worker tests can run
// them on their own D1 and read the result through the API as a caller would.
export const SCALE_ORG = 'scale-org'
/** Conversations per generated statement. */
const CHUNK = 20_000
const HOUR = 3_600_000
const DAY = 24 * HOUR
const YEAR = 365 * DAY

export const SCALE_SITES = [
  { id: 'scale-news', name: 'Harbourside Gazette: news', section: 'news' },
  { id: 'scale-help', name: 'Harbourside Gazette: help centre', section: 'help' },
  { id: 'scale-press', name: 'Harbourside Gazette: press room', section: 'press' },
  { id: 'scale-jobs', name: 'Harbourside Gazette: careers', section: 'jobs' },
  { id: 'scale-blog', name: 'Harbourside Gazette: blog', section: 'blog' },
]

const STAFF = [
  ['aiko', 'Aiko Tanaka', 'News Editor', 'Asia/Tokyo'],
  ['bram', 'Bram de Vries', 'Reporter', 'Europe/Amsterdam'],
  ['carmen', 'Carmen Ortega', 'Support Lead', 'Europe/Madrid'],
  ['dele', 'Dele Adeyemi', 'Support Adviser', 'Africa/Lagos'],
  ['elin', 'Elin Johansson', 'Head of Communications', 'Europe/Stockholm'],
  ['farid', 'Farid Haddad', 'Press Officer', 'Asia/Beirut'],
  ['greta', 'Greta Novak', 'Recruitment Lead', 'Europe/Prague'],
  ['hamish', 'Hamish Blair', 'Recruiter', 'Europe/London'],
  ['ines', 'Inês Carvalho', 'Blog Editor', 'Europe/Lisbon'],
  ['jonah', 'Jonah Weiss', 'Community Manager', 'America/New_York'],
]

/** The page a bench reads: the first page of the first site, which holds comments ÷ pages comments. */
export const scalePageKey = (p = 0) => `/${SCALE_SITES[p % SCALE_SITES.length].section}/article-${p}`

const q = (s) => `'${String(s).replaceAll("'", "''")}'`
const staffId = (n) => `'scale-staff-' || (${n})`
const siteIdCase = (s) => `CASE ${s} ${SCALE_SITES.map((site, i) => `WHEN ${i} THEN ${q(site.id)}`).join(' ')} END`

const VISITOR_WORDS = [
  'Thanks for the piece. Could you say where the figures in the third paragraph come from?',
  'I tried the steps in this article twice and the form still will not accept my postcode.',
  'Is there a date yet for the next public meeting? The page says "soon" and it has said that for a while.',
  'The photo caption names the wrong street, I think. It looks like Quay Lane, not Mill Row.',
  'Who decided this, and will there be a consultation before it goes ahead?',
  'My application shows as received but nobody has been in touch. How long does it usually take?',
]
const STAFF_WORDS = [
  'Good question. The figures are from the council report published in March; I have added the link to the article.',
  'Sorry about that. The postcode check was too strict for new builds; it is fixed now, please try once more.',
  'The next meeting is on the first Tuesday of next month; we will put the agenda up a week before.',
  'You are right, and thank you: the caption is corrected.',
  'It was a board decision, and yes: the consultation opens next week and runs for six weeks.',
  'Usually ten working days. I have checked yours and someone will call you this week.',
]
const docOf = (text) => JSON.stringify({ type: 'doc', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] })
const wordsCase = (words, n) => `CASE ${n} ${words.map((w, i) => `WHEN ${i} THEN ${q(w)}`).join(' ')} END`
const docCase = (words, n) => `CASE ${n} ${words.map((w, i) => `WHEN ${i} THEN ${q(docOf(w))}`).join(' ')} END`

/**
 * The SQL statements, in order, that seed `comments` comments over `pages` pages. `origins`: where the sites'
 * pages may be (the local worker's address); `now`: the end of the year the conversations span.
 */
export function scaleStatements({ comments, pages, origins = ['http://localhost:8787'], now = Date.now() }) {
  const S = SCALE_SITES.length
  const P = Math.max(S, Math.ceil(pages / S) * S)
  // Per 20 conversations: 2 awaiting (1 comment), 10 with a follow-up (4), 16 with one answer (2): 42 comments.
  const C = Math.max(P, Math.round((comments * 20) / 42))
  const V = Math.ceil((0.7 * C) / S) // visitors per site: some people comment more than once
  const span = YEAR - 2 * DAY
  const statements = []
  const sql = (s) => statements.push(s.replace(/\s+/g, ' ').trim())

  sql(`INSERT OR IGNORE INTO orgs (id, name, created_at, updated_at) VALUES ('${SCALE_ORG}', 'Harbourside Gazette', ${now - YEAR}, ${now - YEAR})`)
  STAFF.forEach(([handle, name, role, tz], n) =>
    sql(`INSERT OR IGNORE INTO staff (id, org_id, handle, name, role, email, bio, time_zone, digest, created_at, updated_at)
         VALUES ('scale-staff-${n}', '${SCALE_ORG}', ${q(handle)}, ${q(name)}, ${q(role)}, ${q(`${handle}@gazette.example.org`)},
                 ${q(`${role} at the Gazette since ${2015 + n}.`)}, ${q(tz)}, '{"frequency":"daily","hour":${7 + (n % 4)}}',
                 ${now - YEAR}, ${now - YEAR})`),
  )
  SCALE_SITES.forEach((site, s) => {
    const [lead, other] = [STAFF[2 * s][0], STAFF[2 * s + 1][0]]
    const settings = { defaultResponder: lead, replyTargetHours: 24 }
    const rules = [
      { when: { responderAttribute: true } },
      { when: { always: true }, assign: { pool: [lead, other], strategy: 'round_robin', lead } },
    ]
    sql(`INSERT OR IGNORE INTO sites (id, org_id, name, settings, created_at, updated_at)
         VALUES (${q(site.id)}, '${SCALE_ORG}', ${q(site.name)}, ${q(JSON.stringify(settings))}, ${now - YEAR}, ${now - YEAR})`)
    for (const origin of [`https://${site.section}.gazette.example.org`, ...origins])
      sql(`INSERT OR IGNORE INTO site_origins (site_id, origin) VALUES (${q(site.id)}, ${q(origin)})`)
    rules.forEach((rule, position) =>
      sql(`INSERT OR IGNORE INTO routing_rules (site_id, position, rule) VALUES (${q(site.id)}, ${position}, ${q(JSON.stringify(rule))})`),
    )
  })

  const numbers = (lo, hi) => `WITH RECURSIVE n(i) AS (SELECT ${lo} UNION ALL SELECT i + 1 FROM n WHERE i < ${hi - 1})`
  const section = `CASE s ${SCALE_SITES.map((site, i) => `WHEN ${i} THEN ${q(site.section)}`).join(' ')} END`
  for (let lo = 0; lo < P; lo += CHUNK) {
    const hi = Math.min(P, lo + CHUNK)
    sql(`INSERT INTO pages (id, site_id, key, url, title, created_at)
         ${numbers(lo, hi)}, g AS (SELECT i, i % ${S} AS s FROM n)
         SELECT 'scale-page-' || i, ${siteIdCase('s')}, '/' || ${section} || '/article-' || i,
                ${q(origins[0])} || '/' || ${section} || '/article-' || i, 'Article ' || i, ${now - YEAR} FROM g`)
  }
  for (let lo = 0; lo < V * S; lo += CHUNK) {
    const hi = Math.min(V * S, lo + CHUNK)
    sql(`INSERT INTO visitors (id, site_id, email, address, name, created_at)
         ${numbers(lo, hi)}
         SELECT 'scale-visitor-' || i, ${siteIdCase(`i % ${S}`)}, 'reader' || i || '@visitor.test', 'reader' || i || '@visitor.test',
                'Reader ' || i, ${now - YEAR} FROM n`)
  }

  /*
   * One row per conversation i with everything its rows need. Page: consecutive conversations share a page (so
   * each page has every kind); site: the page's; date: spread over the year by a multiplicative hash of i; the
   * wait for a reply: a product of two hashes, mostly minutes to hours, sometimes two days.
   */
  const facts = (lo, hi) => `${numbers(lo, hi)},
    f AS (SELECT i, i % 20 AS k, i * ${P} / ${C} AS p, (i * ${P} / ${C}) % ${S} AS s, (i / 3) % 2 AS turn,
                 ${now - YEAR} + ((i * 7919) % ${C}) * ${span} / ${C} AS t,
                 300000 + ((i * 7919) % 1000) * ((i * 104729) % 1000) * 150 AS wait FROM n),
    g AS (SELECT *, 2 * s + turn AS first, 2 * s + 1 - turn AS colleague, (2 * s + 2 + i % 3) % ${2 * S} AS specialist,
                 k < 2 AND t + ${DAY} <= ${now} AS overdue,
                 ((p * ${S * 7}) + (i * 13) % ${V}) % ${V} * ${S} + s AS visitor FROM f)`
  for (let lo = 0; lo < C; lo += CHUNK) {
    const hi = Math.min(C, lo + CHUNK)
    // k 0–1 awaiting (escalated to the colleague once past the 24 h target), 2 handed over to a specialist who
    // answered, 3 closed after an answer, 4–5 answered twice (a follow-up question), the rest answered once.
    sql(`INSERT INTO conversations (id, site_id, page_id, visitor_id, assigned_staff_id, lead_staff_id, status, created_at,
                                    updated_at, awaiting_since, first_reply_at, first_reply_by, escalated_at)
         ${facts(lo, hi)}
         SELECT 'scale-conv-' || i, ${siteIdCase('s')}, 'scale-page-' || p, 'scale-visitor-' || visitor,
                ${staffId('CASE WHEN overdue THEN colleague WHEN k = 2 THEN specialist ELSE first END')}, ${staffId('2 * s')},
                CASE WHEN k < 2 THEN 'awaiting' WHEN k = 3 THEN 'closed' ELSE 'answered' END, t,
                CASE WHEN overdue THEN t + ${DAY} WHEN k < 2 THEN t WHEN k IN (4, 5) THEN t + wait + 5 * ${HOUR} ELSE t + wait END,
                CASE WHEN k < 2 THEN t END,
                CASE WHEN k >= 2 THEN t + wait END,
                CASE WHEN k = 2 THEN ${staffId('specialist')} WHEN k > 2 THEN ${staffId('first')} END,
                CASE WHEN overdue THEN t + ${DAY} END
           FROM g`)
    sql(`INSERT INTO assignments (id, conversation_id, from_staff_id, to_staff_id, reason, note, created_at)
         ${facts(lo, hi)}
         SELECT 'scale-assign-' || i, 'scale-conv-' || i, NULL, ${staffId('first')}, 'pool', NULL, t FROM g
         UNION ALL
         SELECT 'scale-hand-' || i, 'scale-conv-' || i, ${staffId('first')},
                ${staffId('CASE WHEN k = 2 THEN specialist ELSE colleague END')},
                CASE WHEN k = 2 THEN 'handover' ELSE 'escalation' END,
                CASE WHEN k = 2 THEN 'This one is for a specialist.' ELSE 'No reply within 24 hours; passed to the team lead.' END,
                CASE WHEN k = 2 THEN t + wait / 2 ELSE t + ${DAY} END
           FROM g WHERE k = 2 OR overdue`)
    // Comment m of a conversation: even m the visitor, odd m the member of staff who answers.
    sql(`INSERT INTO comments (id, site_id, page_id, conversation_id, author_kind, visitor_id, staff_id, author_name, body,
                               body_doc, status, created_at)
         ${facts(lo, hi)}, m(m) AS (VALUES (0), (1), (2), (3)),
         h AS (SELECT g.*, m.m, CASE WHEN k = 2 THEN specialist ELSE first END AS answerer FROM g JOIN m
                 ON m.m < CASE WHEN k < 2 THEN 1 WHEN k IN (4, 5) THEN 4 ELSE 2 END)
         SELECT 'scale-comment-' || i || '-' || m, ${siteIdCase('s')}, 'scale-page-' || p, 'scale-conv-' || i,
                CASE m % 2 WHEN 0 THEN 'visitor' ELSE 'staff' END,
                CASE m % 2 WHEN 0 THEN 'scale-visitor-' || visitor END,
                CASE m % 2 WHEN 1 THEN ${staffId('answerer')} END,
                CASE m % 2 WHEN 0 THEN 'Reader ' || visitor ELSE CASE answerer ${STAFF.map(([, name], n) => `WHEN ${n} THEN ${q(name)}`).join(' ')} END END,
                CASE m % 2 WHEN 0 THEN ${wordsCase(VISITOR_WORDS, `(i + m) % ${VISITOR_WORDS.length}`)}
                           ELSE ${wordsCase(STAFF_WORDS, `(i + m) % ${STAFF_WORDS.length}`)} END,
                CASE m % 2 WHEN 0 THEN ${docCase(VISITOR_WORDS, `(i + m) % ${VISITOR_WORDS.length}`)}
                           ELSE ${docCase(STAFF_WORDS, `(i + m) % ${STAFF_WORDS.length}`)} END,
                'published',
                CASE m WHEN 0 THEN t WHEN 1 THEN t + wait WHEN 2 THEN t + wait + 2 * ${HOUR} ELSE t + wait + 5 * ${HOUR} END
           FROM h`)
  }
  const perPage = C / P
  return { statements, expected: { sites: S, staff: STAFF.length, pages: P, conversations: C, commentsPerPage: Math.round((perPage * 42) / 20) } }
}
