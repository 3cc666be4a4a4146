import { describe, expect, it } from 'vitest'
import { htmlToText } from '../../../worker/src/inbound/html-text'
import { extractReply } from '../../../worker/src/inbound/reply-text'

describe('htmlToText', () => {
  it('never lets script, style, title or head content through, whatever the case of the tags', () => {
    const html =
      '<html><head><title>Secret title</title><meta charset="utf-8"><style>p { color: red }</style></head>' +
      '<body><p>Visible</p><SCRIPT type="text/javascript">alert("x")</SCRIPT ><style media="all">.a{}</style>' +
      '<script>document.write("<p>fake</p>")</script><p>Also visible</p></body></html>'
    const text = htmlToText(html)
    expect(text).toBe('Visible\n\nAlso visible')
  })

  it('drops everything after a script that is never closed', () => {
    expect(htmlToText('<p>Visible</p><script>alert(1)<p>never shown</p>')).toBe('Visible')
  })

  it('gives <script> through extractReply no way into an answer', () => {
    const reply = extractReply({ html: '<div>Yes, we are open.<script>fetch("https://evil.example")</script></div>' })
    expect(reply).toBe('Yes, we are open.')
  })

  it('turns escaped markup the person typed into the characters they typed', () => {
    expect(htmlToText('<p>Use &lt;b&gt;bold&lt;/b&gt; &amp; more</p>')).toBe('Use <b>bold</b> & more')
  })

  it('breaks lines at <br>, paragraphs, divs and list items', () => {
    expect(htmlToText('<div>One<br>Two<div>Three</div><div><br></div><div>Four</div></div><p>Five</p><p>Six</p>')).toBe(
      'One\nTwo\nThree\n\nFour\nFive\n\nSix',
    )
    expect(htmlToText('<ul><li>Tea</li><li><p>Coffee</p></li></ul><ol><li>First</li><li>Second<ol><li>Inner</li></ol></li></ol>')).toBe(
      '- Tea\n- Coffee\n\n1. First\n2. Second\n  1. Inner',
    )
  })

  it("spaces Word's margin-less paragraphs only where it put an empty one", () => {
    const html =
      '<p class=MsoNormal>Hello Jo,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>' +
      '<p class=MsoNormal>Kind regards,<o:p></o:p></p><p class=MsoNormal>Amira<o:p></o:p></p>'
    expect(htmlToText(html)).toBe('Hello Jo,\n\nKind regards,\nAmira')
  })

  it('collapses whitespace as a browser does, except in <pre>', () => {
    expect(htmlToText('<div>\n  Open   on\n  Sunday\n</div><pre>  10:00\n  16:00</pre>')).toBe('Open on Sunday\n  10:00\n  16:00')
  })

  it('decodes named, decimal and hex entities, and leaves unknown ones alone', () => {
    expect(htmlToText('caf&eacute; &Eacute;t&eacute; &#233; &#xE9; &#x1F384; &hellip; &rsquo; &nbsp;x &bogus; &#0; &#xD800;')).toBe(
      'café Été é é 🎄 … ’  x &bogus; \ufffd \ufffd',
    )
  })

  it('decodes every named entity as a browser does, the ones without a semicolon included', () => {
    expect(htmlToText('&rarr; &hearts; &ccaron;&Ccaron; &check; &NotEqualTilde; &fjlig; &bigstar; &frac13; &copy 2026 &amp')).toBe(
      '→ ♥ čČ ✓ ≂̸ fj ★ ⅓ © 2026 &',
    )
  })

  it('drops Gmail quotes and every blockquote, nested ones included', () => {
    const html =
      '<div dir="ltr">Yes.</div><div class="gmail_quote"><div class="gmail_attr">On … wrote:</div>' +
      '<blockquote class="gmail_quote"><div>old<blockquote>older<blockquote>oldest</blockquote></blockquote></div></blockquote></div>' +
      '<div>After.</div><blockquote type="cite"><div>Apple quote</div></blockquote>'
    expect(htmlToText(html)).toBe('Yes.\nAfter.')
  })

  it.each([
    ['<div id="appendonsend"></div>'],
    ['<div id="divRplyFwdMsg" dir="ltr">'],
    ['<div id="x_divRplyFwdMsg">'],
    ['<div id="mail-editor-reference-message-container">'],
    ['<hr id="stopSpelling">'],
    ['<hr id="zwchr" data-marker="__DIVIDER__">'],
  ])('stops at history marker %s (Outlook, old Hotmail, Zimbra)', (marker) => {
    expect(htmlToText(`<div>Yes.</div>${marker}<div>From: Byline</div><div>old text</div>`)).toBe('Yes.')
  })

  it.each([
    ['Proton', '<div class="protonmail_quote">On … wrote:<br><blockquote class="protonmail_quote" type="cite">old</blockquote></div>'],
    ['Yahoo', '<div id="yahoo_quoted_2841956731" class="yahoo_quoted"><div>On … wrote:</div><div>old</div></div>'],
    ['Thunderbird', '<div class="moz-cite-prefix">On … wrote:<br></div>'],
    ['a Thunderbird forward', '<div class="moz-forward-container">-------- Forwarded Message --------<br>old</div>'],
    ['Zoho', '<div class="zmail_extra"><div>---- On … wrote ----</div>old</div>'],
  ])('drops the quote container of %s', (_, quote) => {
    expect(htmlToText(`<div>Yes.</div>${quote}<div>After.</div>`)).toBe('Yes.\nAfter.')
  })

  it('skips comments, conditional comments and declarations', () => {
    expect(htmlToText('<!DOCTYPE html><!--[if mso]><p>hidden</p><![endif]--><![if !supportLists]>Shown<![endif]><?xml x?>')).toBe('Shown')
  })

  it('reads a > inside a quoted attribute as part of the tag', () => {
    expect(htmlToText('<a title="a > b" href=\'x>y\'>link</a> <a title=it\'s>ok</a>')).toBe('link ok')
  })

  it('keeps a < that starts no tag', () => {
    expect(htmlToText('<p>1 < 2 and 3 <= 4</p>')).toBe('1 < 2 and 3 <= 4')
  })
})
