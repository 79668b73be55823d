/**
 * Bar charts drawn on the server as inline SVG: no script, nothing fetched (the pages' CSP allows
 * neither), colours as presentation attributes (no inline style). One horizontal bar per month, so
 * a longer period adds rows rather than squeezing columns: readable on a 375-pixel phone. Every
 * chart is an image with a title and a description, and its numbers are in a table beside it.
 */
import { html, type Html } from '../html.ts';

export interface BarRow {
  label: string;
  /** Stacked segments, drawn left to right; a row with no segments shows "none". */
  segments: { value: number; series: number }[];
  /** Written at the end of the bar (e.g. "6 h" or "3 of 5"). */
  note: string;
}

export interface BarChart {
  id: string;
  title: string;
  description: string;
  series: { name: string; colour: string }[];
  rows: BarRow[];
  /** The value a full-width bar stands for (at least the largest row). */
  max?: number;
}

const WIDTH = 320;
const LABEL = 74;
const NOTE = 58;
const ROW = 24;
const BAR = 16;
const TOP = 8;

/** Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by the legend and the table too. */
export const COLOURS = { green: '#00703c', amber: '#8f5a00', red: '#b3261e', blue: '#1d70b8' } as const;

export function barChart(c: BarChart): Html {
  const totals = c.rows.map((r) => r.segments.reduce((a, s) => a + s.value, 0));
  const max = Math.max(c.max ?? 0, ...totals, 1);
  const span = WIDTH - LABEL - NOTE;
  const legendRows = c.series.length > 1 ? 1 : 0;
  const height = TOP + c.rows.length * ROW + legendRows * ROW + 4;
  const rows = c.rows.map((r, i) => {
    const y = TOP + i * ROW;
    let x = LABEL;
    const bars = r.segments.map((s) => {
      const w = (s.value / max) * span;
      const rect =
        w > 0
          ? html`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${c.series[s.series]!.colour}"></rect>`
          : html``;
      x += w;
      return rect;
    });
    return html`<text x="0" y="${y + 12}" font-size="12" fill="#0b0c0c">${r.label}</text>${bars}<text x="${(x + 4).toFixed(1)}" y="${y + 12}" font-size="12" fill="#0b0c0c">${r.note}</text>`;
  });
  const ly = TOP + c.rows.length * ROW + 4;
  let lx = 0;
  const legend = legendRows
    ? c.series.map((s) => {
        const item = html`<rect x="${lx}" y="${ly}" width="12" height="12" fill="${s.colour}"></rect><text x="${lx + 16}" y="${ly + 11}" font-size="12" fill="#0b0c0c">${s.name}</text>`;
        lx += 22 + s.name.length * 6.5;
        return item;
      })
    : [];
  return html`<svg class="chart" id="${c.id}" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${c.id}-title ${c.id}-desc" focusable="false" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, -apple-system, Segoe UI, Arial, sans-serif"><title id="${c.id}-title">${c.title}</title><desc id="${c.id}-desc">${c.description}</desc>${rows}${legend}</svg>`;
}
