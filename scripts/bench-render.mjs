// Render benchmark: the same 200-comment thread (bench/render/fixture.ts, seeded) drawn data → DOM in real Chromium
// by the built widget (bench/render/widget.html) and by a hand-written plain-DOM page (bench/render/baseline.html +
// baseline.js), which must produce the same elements, attributes and text; checked before anything is timed. Each
// round loads a fresh page (no cache of a previous render helps either side), times one render in the page (from the
// moment the widget gets the parsed thread from its fetch, or the baseline is called with it, until the DOM is there;
// the "+ layout" rows add a forced layout with the widget's own stylesheet on both sides), and alternates which side
// goes first, so both see the same machine; medians over BENCH_RENDER_ROUNDS rounds (default 25), and the median of
// the rounds' own ratios, at each CPU throttling rate (CDP Emulation.setCPUThrottlingRate, 1× and 4×). Pages are served from memory on an origin of
// their own (http://bench.test/): nothing leaves the machine.
//
//   node scripts/bench-render.mjs                      prints the table; BENCH_RENDER_WIDGET=path/widget.js times that build
//   import { benchRender } from './bench-render.mjs'   rows { name, p50Ms, baselineP50Ms, ratio, ... } for scripts/bench.mjs
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const ORIGIN = 'http://bench.test'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// tests/chromium.ts's flags (a .ts file node cannot import): Debian's Chromium, kept off the network.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** The fixture and the worker's own `withPeople`, bundled from TypeScript: the thread exactly as the worker would send it. */
async function leanThread() {
  const { outputFiles } = await build({
    stdin: {
      contents: `import { assembledThread } from './bench/render/fixture'
        import { withPeople } from './worker/src/domain/thread-people'
        const { conversations, responder, ...rest } = assembledThread()
        export const thread = { ...rest, ...withPeople(conversations, responder) }`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  })
  const { thread } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`)
  return thread
}

/** Elements with their attributes and the text between them, comments and whitespace runs aside: what both must show. */
function shape(root) {
  let out = ''
  let elements = 0
  let nodes = 0
  const walk = (n) => {
    for (const c of n.childNodes) {
      nodes++
      if (c.nodeType === Node.TEXT_NODE) out += c.data
      else if (c.nodeType === Node.ELEMENT_NODE) {
        elements++
        const attrs = [...c.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ')
        out += `<${c.localName}${attrs ? ' ' + attrs : ''}>`
        walk(c)
        out += `</${c.localName}>`
      }
    }
  }
  walk(root)
  return { html: out.replace(/\s+/g, ' ').replace(/ ?(<[^>]+>) ?/g, '$1'), elements, nodes }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/**
 * Times both pages; returns one row per CPU rate. `widget`: a built widget.js (default: a fresh build of the working
 * tree into a temporary folder). `rates`, `rounds`: what to measure.
 */
export async function benchRender({
  widget = process.env.BENCH_RENDER_WIDGET,
  rates = [1, 4],
  rounds = Number(process.env.BENCH_RENDER_ROUNDS ?? 25),
  log = () => {},
} = {}) {
  let built
  if (!widget) {
    built = await mkdtemp(join(tmpdir(), 'byline-bench-render-'))
    execFileSync(process.execPath, ['scripts/build-widget.mjs', '--outdir', built], { stdio: ['ignore', 'ignore', 'inherit'] })
    widget = join(built, 'widget.js')
  }
  const thread = await leanThread()
  const files = {
    '/widget.html': ['text/html', await readFile('bench/render/widget.html')],
    '/baseline.html': ['text/html', await readFile('bench/render/baseline.html')],
    '/baseline.js': ['text/javascript', await readFile('bench/render/baseline.js')],
    '/widget.js': ['text/javascript', await readFile(widget)],
    '/thread.js': ['text/javascript', `var THREAD_JSON = ${JSON.stringify(JSON.stringify(thread))}`],
    '/styles.js': ['text/javascript', 'var WIDGET_CSS = ""'],
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  try {
    const context = await browser.newContext()
    await context.route(`${ORIGIN}/**`, (route) => {
      const file = files[new URL(route.request().url()).pathname]
      return file ? route.fulfill({ contentType: file[0], body: file[1] }) : route.fulfill({ status: 404, body: '' })
    })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    const render = async (side, rate, layout = false) => {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
      await page.goto(`${ORIGIN}/${side}.html`)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate })
      return page.evaluate((o) => globalThis.benchRender(o), { layout })
    }

    // The baseline gets the widget's own stylesheet, so a layout after the render costs both the same.
    await render('widget', 1)
    const css = await page.evaluate(() =>
      globalThis.benchRoot().adoptedStyleSheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n'),
    )
    files['/styles.js'][1] = `var WIDGET_CSS = ${JSON.stringify(css)}`
    const widgetShape = await page.evaluate(`(${shape})(globalThis.benchRoot())`)
    await render('baseline', 1)
    const baselineShape = await page.evaluate(`(${shape})(globalThis.benchRoot())`)
    if (widgetShape.html !== baselineShape.html) {
      let i = 0
      while (widgetShape.html[i] === baselineShape.html[i]) i++
      throw new Error(
        `the baseline does not draw what the widget draws; first difference at ${i}:\n  widget:   …${widgetShape.html.slice(i - 80, i + 120)}\n  baseline: …${baselineShape.html.slice(i - 80, i + 120)}`,
      )
    }
    const comments = thread.conversations.reduce((n, c) => n + c.comments.length, 0)
    log(`same output: ${widgetShape.elements} elements; nodes: widget ${widgetShape.nodes}, baseline ${baselineShape.nodes}`)

    const rows = []
    for (const rate of rates) {
      for (const layout of [false, true]) {
        const times = { widget: [], baseline: [] }
        // Two untimed rounds each warm the browser's caches (script, fonts), as a returning visitor's would be.
        for (let i = -2; i < rounds; i++) {
          const order = i % 2 ? ['widget', 'baseline'] : ['baseline', 'widget']
          for (const side of order) {
            const ms = await render(side, rate, layout)
            if (i >= 0) times[side].push(ms)
          }
        }
        const row = {
          name: `render ${comments} comments, data → DOM${layout ? ' + layout' : ''}, ${rate}× CPU`,
          p50Ms: median(times.widget),
          baselineP50Ms: median(times.baseline),
          ratio: median(times.widget) / median(times.baseline),
          // Each round's two renders ran back to back: the median of their ratios shrugs off a busy machine's drift.
          pairRatio: median(times.widget.map((ms, i) => ms / times.baseline[i])),
          rounds,
          nodes: widgetShape.nodes,
          baselineNodes: baselineShape.nodes,
          elements: widgetShape.elements,
        }
        log(`${row.name}: widget ${row.p50Ms.toFixed(1)} ms, baseline ${row.baselineP50Ms.toFixed(1)} ms, ${row.ratio.toFixed(2)}× (pairs ${row.pairRatio.toFixed(2)}×)`)
        rows.push(row)
      }
    }
    return rows
  } finally {
    await browser.close()
    if (built) await rm(built, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchRender({ log: (line) => console.error(line) })
  console.table(
    rows.map((r) => ({ row: r.name, 'widget p50 ms': +r.p50Ms.toFixed(2), 'baseline p50 ms': +r.baselineP50Ms.toFixed(2), ratio: +r.ratio.toFixed(2), 'pair ratio': +r.pairRatio.toFixed(2) })),
  )
}
