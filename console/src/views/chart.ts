import { css, html, svg, type TemplateResult } from 'lit'
import { duration, weekStart } from '../format'

/*
 * A bar chart of the weekly median first reply, drawn as inline SVG from lit's `svg` templates (no chart library:
 * twelve bars need none), and beside it a table of the same twelve figures for whoever cannot see the bars. Colours
 * come from the console's css variables through classes (the page's CSP allows no inline style); a week nobody was
 * answered in is a gap with a dashed mark on the axis, never a bar of zero.
 */

const W = 320
const H = 160
const LEFT = 52
const RIGHT = 6
const TOP = 10
const BOTTOM = 24
const PLOT_W = W - LEFT - RIGHT
const PLOT_H = H - TOP - BOTTOM

/** The top of the scale: a round number of minutes, hours or days just above the longest wait. */
function scaleTop(max: number): number {
  // Each halves to a round figure too: the middle line is labelled.
  const steps = [10, 20, 30, 60, 120, 240, 360, 480, 720, 1440, 2880, 5760, 8640, 20160, 43200].map((m) => m * 60)
  return steps.find((s) => s >= max) ?? Math.ceil(max / 86_400) * 86_400
}

export const chartStyles = css`
  .chart {
    display: grid;
    gap: 0.5rem 1.5rem;
    grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
    align-items: start;
    margin: 0.5rem 0 1.5rem;
  }
  .chart figure {
    margin: 0;
  }
  .chart svg {
    display: block;
    width: 100%;
    height: auto;
    max-width: 32rem;
  }
  .chart .bar {
    fill: var(--accent);
  }
  .chart .axis {
    stroke: var(--muted);
    stroke-width: 1;
  }
  .chart .grid-line {
    stroke: var(--line);
    stroke-width: 1;
  }
  .chart .gap {
    stroke: var(--muted);
    stroke-width: 2;
    stroke-dasharray: 2 2;
  }
  .chart text {
    fill: var(--fg);
    font-size: 10px;
  }
  .chart table {
    font-size: 0.9rem;
  }
  .chart caption {
    text-align: start;
    font-weight: 600;
    padding: 0 0 0.3rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .chart td.figure,
  .chart th.figure {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
`

/** What the bars show, in one sentence: the chart's accessible name. */
function summary(name: string, values: (number | null)[]): string {
  const answered = values.filter((v): v is number => v !== null)
  const head = `Weekly median first reply, ${name}, last ${values.length} weeks`
  if (!answered.length) return `${head}: no conversation was answered in these weeks.`
  const last = values[values.length - 1]
  return (
    `${head}: answered in ${answered.length} of ${values.length} weeks; ` +
    `shortest ${duration(Math.min(...answered))}, longest ${duration(Math.max(...answered))}; ` +
    `this week ${last === null || last === undefined ? 'none answered' : duration(last)}.`
  )
}

/**
 * The chart and table of one responder's or site's weekly medians. `weeks` are the weeks' start dates (ISO), oldest
 * first; `values` the median first reply of each, in seconds, null where nobody was answered.
 */
export function weeklyChart(name: string, weeks: string[], values: (number | null)[]): TemplateResult {
  const answered = values.filter((v): v is number => v !== null)
  const top = scaleTop(Math.max(60, ...answered))
  const slot = PLOT_W / values.length
  const barW = slot * 0.7
  const y = (v: number) => TOP + PLOT_H - (v / top) * PLOT_H
  const label = summary(name, values)
  const bars = values.map((v, i) => {
    const x = LEFT + i * slot + (slot - barW) / 2
    const week = `Week of ${weekStart(weeks[i]!, true)}: ${v === null ? 'none answered' : duration(v)}`
    return v === null
      ? svg`<g class="week"><title>${week}</title><line class="gap" x1=${x} x2=${x + barW} y1=${TOP + PLOT_H - 1} y2=${TOP + PLOT_H - 1}></line></g>`
      : svg`<g class="week"><title>${week}</title><rect class="bar" x=${x} width=${barW} y=${y(v)} height=${Math.max(1, TOP + PLOT_H - y(v))} rx="2"></rect></g>`
  })
  // Dates under the first bar, every fourth, and the last: enough to read the weeks by, without crowding 360 px.
  const dates = values.map((_, i) =>
    i % 4 === 0 || i === values.length - 1
      ? svg`<text x=${LEFT + i * slot + slot / 2} y=${H - 8} text-anchor="middle">${weekStart(weeks[i]!, true)}</text>`
      : '',
  )
  return html`<div class="chart">
    <figure>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label}>
        <title>${label}</title>
        <line class="grid-line" x1=${LEFT} x2=${W - RIGHT} y1=${TOP} y2=${TOP}></line>
        <line class="grid-line" x1=${LEFT} x2=${W - RIGHT} y1=${y(top / 2)} y2=${y(top / 2)}></line>
        <line class="axis" x1=${LEFT} x2=${W - RIGHT} y1=${TOP + PLOT_H} y2=${TOP + PLOT_H}></line>
        <text x=${LEFT - 4} y=${TOP + 4} text-anchor="end">${duration(top)}</text>
        <text x=${LEFT - 4} y=${y(top / 2) + 4} text-anchor="end">${duration(top / 2)}</text>
        <text x=${LEFT - 4} y=${TOP + PLOT_H + 4} text-anchor="end">0</text>
        ${bars} ${dates}
      </svg>
    </figure>
    <div class="scroll">
      <table>
        <caption>
          Weekly median first reply:
          <bdi>${name}</bdi>
        </caption>
        <thead>
          <tr>
            <th scope="col">Week starting</th>
            <th scope="col" class="figure">Median first reply</th>
          </tr>
        </thead>
        <tbody>
          ${values.map(
            (v, i) =>
              html`<tr>
                <td><time datetime=${weeks[i]!}>${weekStart(weeks[i]!)}</time></td>
                <td class="figure">${v === null ? html`<span aria-hidden="true">—</span><span class="visually-hidden">none answered</span>` : duration(v)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </div>`
}
