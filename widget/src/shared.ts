/*
 * What the parts of the widget loaded on first use (widget/src/form, widget/src/own) take from widget.js rather than
 * carry a copy of: one Lit, one API origin, one way to store. They import it from here; the build gives them
 * widget.js's own objects at run time (scripts/build-widget.mjs). What is here weighs on the first render: only
 * what widget.js has anyway, or a line or two (send, newKey, the storage keys) that several parts need.
 */
export { html, nothing, render } from 'lit'
export { apiError, newKey, pageUrl, send, sitePath, unhashed } from './api'
export { h, renderDoc } from './document/render'
export { emit } from './events'
export { draftKey, mineKey, read, visitorKey, write } from './storage'
