// The plain-DOM baseline of the render benchmark (scripts/bench-render.mjs): the thread a first-time visitor sees,
// built with createElement, attributes and text nodes, by hand: the same elements, attributes and text as
// <byline-comments> renders for the same lean Thread (the bench checks that before it times anything), with the
// same listeners, in a shadow root. What a careful person would write without a framework, and no slower.
/* eslint-env browser */

const SAFE_HREF = /^(https?:|mailto:)/i
const WITHIN = [
  [1, 'an hour'],
  [6, 'a few hours'],
  [24, 'a day'],
  [72, 'a few days'],
]
const dates = new Intl.DateTimeFormat([], { dateStyle: 'medium', timeStyle: 'short' })

/** An element with attributes and children (strings become text nodes). */
function h(tag, attrs, ...children) {
  const e = document.createElement(tag)
  if (attrs) for (const k in attrs) e.setAttribute(k, attrs[k])
  e.append(...children)
  return e
}

function inline(n) {
  switch (n.type) {
    case 'text':
      return n.value
    case 'break':
      return h('br')
    case 'emphasis':
      return h('em', null, ...n.children.map(inline))
    case 'strong':
      return h('strong', null, ...n.children.map(inline))
    case 'code':
      return h('code', null, n.value)
    case 'link':
      if (!SAFE_HREF.test(n.href)) {
        const f = document.createDocumentFragment()
        f.append(...n.children.map(inline))
        return f
      }
      return h('a', { href: n.href, rel: 'nofollow ugc noopener noreferrer', target: '_blank' }, ...n.children.map(inline))
  }
  return ''
}

function block(n) {
  switch (n.type) {
    case 'paragraph':
      return h('p', { dir: 'auto' }, ...n.children.map(inline))
    case 'code_block':
      return h('pre', null, h('code', null, n.value))
    case 'blockquote':
      return h('blockquote', null, ...n.children.map(block))
    case 'list':
      return h(n.ordered ? 'ol' : 'ul', null, ...n.children.map((li) => h('li', null, ...li.children.map(block))))
  }
  return ''
}

function safeUrl(url, base) {
  try {
    const u = new URL(url, base + '/')
    return /^https?:/.test(u.href) ? u.href : ''
  } catch {
    return ''
  }
}

const photo = (p, base) => {
  const src = p.photoUrl && safeUrl(p.photoUrl, base)
  return src ? [h('img', { part: 'photo', src, alt: p.name, width: '48', height: '48', loading: 'lazy' })] : []
}
const bio = (p) => (p.bio ? [h('p', { dir: 'auto' }, p.bio)] : [])

function bylineCard(p, base) {
  return h(
    'div',
    { part: 'byline', class: 'card' },
    ...photo(p, base),
    h(
      'div',
      null,
      h('strong', { dir: 'auto' }, p.name),
      ' ',
      h('span', { class: 'muted', dir: 'auto' }, p.role),
      ...bio(p),
      ...(p.disclaimer ? [h('p', { class: 'muted', dir: 'auto' }, p.disclaimer)] : []),
    ),
  )
}

function record(stats) {
  const { medianFirstReplySeconds: s, answeredRate: rate } = stats
  const n = stats.conversations && Math.min(Math.round(rate * 10), 9)
  return `${s === null ? '' : `Usually replies within ${WITHIN.find(([hours]) => s <= hours * 3600)?.[1] ?? 'a week or more'}.`} ${
    n ? (rate === 1 ? 'Answers every conversation.' : `Answers ${n} in 10 conversations.`) : ''
  }`.trim()
}

const bdi = (text) => h('bdi', null, text)
const note = (...children) => h('p', { class: 'note muted' }, ...children)
const WHY = {
  away: (x, people) => [': ', bdi(people[x.from].name), ' is away.'],
  escalation: () => [': no reply in time.'],
  handover: (x) => [x.note ? ' by hand:' : ' by hand.'],
}

function conversation(c, people, base, onReply) {
  const li = h('li', { class: 'conv' })
  for (const m of c.comments) {
    const { author } = m
    const header = h(
      'header',
      null,
      author.kind === 'staff' ? bylineCard(people[author.handle], base) : h('strong', { dir: 'auto' }, author.name),
      h('time', { datetime: m.createdAt }, dates.format(new Date(m.createdAt))),
    )
    if (m.editedAt) header.append(h('small', null, '(edited)'))
    li.append(h('article', { part: 'comment', id: `comment-${m.id}`, tabindex: '-1' }, header, ...m.body.children.map(block)))
  }
  for (const x of c.handovers)
    li.append(
      note('Handed from ', bdi(people[x.from].name), ' to ', bdi(people[x.to].name), ...(WHY[x.reason]?.(x, people) ?? ['.']), ...(x.note ? [' ', bdi(x.note)] : [])),
    )
  if (c.status === 'closed') li.append(note('Closed'))
  else {
    let staff
    for (const m of c.comments) if (m.author.kind === 'staff') staff = m.author.handle
    li.append(
      c.status === 'awaiting'
        ? note('Awaiting a reply from ', bdi(people[c.assignee].name))
        : note('Answered by ', bdi(people[staff ?? c.assignee].name)),
    )
    const opener = c.comments[0].author
    const button = h('button', { type: 'button', part: 'button', 'aria-label': `Reply to ${opener.kind === 'staff' ? people[opener.handle].name : opener.name}` }, 'Reply')
    button.addEventListener('click', () => onReply(c.id))
    li.append(button)
  }
  return li
}

function field(id, label, control, noteElement) {
  const div = h('div', null, h('label', { for: id }, label), ' ', control, ' ')
  if (noteElement) div.append(noteElement)
  return div
}

/**
 * The card's frame, the form and its footer into `root` (a shadow root), hidden, with "Loading comments…" above them:
 * what the widget draws while the thread is on its way, before the clock starts. Returns the data → DOM step.
 */
export function prepareBaseline(root, base, site) {
  const loading = h('p', { part: 'status', 'aria-live': 'polite' }, 'Loading comments…')
  const card = h('section', { part: 'responder', class: 'card', 'aria-label': 'Who will answer', hidden: '' })
  const input = (attrs) => {
    const e = h('input', attrs)
    e.value = ''
    return e
  }
  const body = h('textarea', { id: 'body', name: 'body', required: '', maxlength: '10000', 'aria-describedby': 'body-note' })
  body.value = ''
  const form = h(
    'form',
    { part: 'form', 'aria-label': 'Write a comment', hidden: '' },
    h(
      'div',
      { class: 'row' },
      field('name', 'Name', input({ id: 'name', name: 'name', autocomplete: 'name', required: '', maxlength: '80' })),
      field(
        'email',
        'Email',
        input({ id: 'email', name: 'email', type: 'email', autocomplete: 'email', required: '', maxlength: '254', 'aria-describedby': 'email-note' }),
        h('small', { id: 'email-note' }, 'Never shown publicly; used to tell you when someone replies.'),
      ),
    ),
    field('body', 'Comment', body, h('small', { id: 'body-note' }, '*Italic*, **bold** and links work.')),
    h('input', { name: 'website', hidden: '', 'aria-hidden': 'true', tabindex: '-1', autocomplete: 'off' }),
    h('slot', { name: 'turnstile' }),
    h('div', null, h('button', { part: 'button', 'aria-disabled': 'false' }, 'Post comment')),
    h('p', { part: 'status', role: 'status', 'aria-live': 'polite' }),
  )
  form.addEventListener('submit', (e) => e.preventDefault())
  form.addEventListener('input', () => {})
  const footer = h('footer', { class: 'muted', hidden: '' }, h('a', { href: `${base}/privacy/${encodeURIComponent(site)}`, target: '_blank', rel: 'noopener' }, 'Your data'))
  root.append(loading, card, form, footer)

  /** The thread in place of "Loading comments…", the card's words, and the form shown, as the widget does with the data. */
  return (thread) => {
    const { people } = thread
    const onReply = () => {}
    const list = h('ol', { class: 'thread' })
    for (const c of thread.conversations) list.append(conversation(c, people, base, onReply))
    loading.replaceWith(h('section', { part: 'thread', 'aria-label': 'Comments', tabindex: '-1' }, thread.conversations.length ? list : h('p', null, 'No comments yet.')))
    const responder = people[thread.responder.handle]
    const known = record(thread.responder.stats)
    card.append(
      ...photo(responder, base),
      h('div', null, h('p', null, 'Your comment goes to ', h('strong', { dir: 'auto' }, responder.name), ', ', bdi(responder.role)), ...bio(responder), ' ', ...(known ? [h('p', { class: 'muted' }, known)] : [])),
    )
    for (const e of [card, form, footer]) e.removeAttribute('hidden')
  }
}
