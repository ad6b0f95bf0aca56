// Inline SVG charts drawn from numbers, no library: horizontal bars, stacked bars and columns.
// Every label is escaped text; long labels are shortened with the full text in a tooltip.
import { html, type Html } from "./escape.js";

export interface Bar {
  label: string;
  value: number;
  color: string;
}

export interface Segment {
  name: string;
  value: number;
  color: string;
}

const WIDTH = 520;
const ROW = 26;
/** Average width of a 12px label character, to shorten labels that would not fit their column. */
const CHAR_PX = 7.4;

function short(label: string, width: number): string {
  const chars = Math.max(4, Math.floor((width - 12) / CHAR_PX));
  return label.length > chars ? `${label.slice(0, chars - 1)}…` : label;
}

function frame(title: string, description: string, height: number, body: Html): Html {
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${title}: ${description}"><title>${title}: ${description}</title>${body}</svg>`;
}

function describe(items: Array<{ label?: string; name?: string; value: number }>): string {
  return items.map((i) => `${i.label ?? i.name} ${i.value}`).join(", ");
}

/** One labelled bar per row; the value is written after the bar. */
export function barChart(title: string, bars: Bar[], labelWidth = 170): Html {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = WIDTH - labelWidth - 50;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 4;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * span));
    return html`<g><title>${b.label}: ${b.value}</title><text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" class="label">${short(b.label, labelWidth)}</text><rect x="${labelWidth}" y="${y + 2}" width="${w}" height="${ROW - 8}" rx="3" fill="${b.color}"/><text x="${labelWidth + w + 6}" y="${y + 15}" class="value">${b.value}</text></g>`;
  });
  return frame(title, describe(bars), bars.length * ROW + 8, html`${rows}`);
}

/** One bar per row split into segments (same colours on every row), with a legend on top. */
export function stackedBars(title: string, rows: Array<{ label: string; segments: Segment[] }>, legend: Array<{ name: string; color: string }>, labelWidth = 200): Html {
  const totals = rows.map((r) => r.segments.reduce((n, s) => n + s.value, 0));
  const max = Math.max(1, ...totals);
  const span = WIDTH - labelWidth - 50;
  const key = legend.map((l, i) => html`<rect x="${labelWidth + i * 110}" y="4" width="12" height="12" rx="2" fill="${l.color}"/><text x="${labelWidth + i * 110 + 17}" y="14" class="label">${l.name}</text>`);
  const body = rows.map((r, i) => {
    const y = 26 + i * ROW;
    let x = labelWidth;
    const parts = r.segments.map((s) => {
      const w = (s.value / max) * span;
      const rect = s.value === 0 ? html`` : html`<rect x="${x.toFixed(1)}" y="${y + 2}" width="${Math.max(1.5, w).toFixed(1)}" height="${ROW - 8}" fill="${s.color}"><title>${r.label}: ${s.value} ${s.name}</title></rect>`;
      x += w;
      return rect;
    });
    const total = totals[i] ?? 0;
    return html`<g><title>${r.label}: ${r.segments.map((s) => `${s.value} ${s.name}`).join(", ")}</title><text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" class="label">${short(r.label, labelWidth)}</text>${parts}<text x="${(x + 6).toFixed(1)}" y="${y + 15}" class="value">${total}</text></g>`;
  });
  const description = rows.map((r, i) => `${r.label} ${totals[i] ?? 0}`).join(", ");
  return frame(title, description, 26 + rows.length * ROW + 6, html`${key}${body}`);
}

/** Vertical columns with the label under each and the value on top (a histogram). */
export function columnChart(title: string, bars: Bar[]): Html {
  const height = 200;
  const base = height - 34;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = WIDTH / Math.max(1, bars.length);
  const cols = bars.map((b, i) => {
    const h = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * (base - 24)));
    const x = i * slot + slot * 0.15;
    const w = slot * 0.7;
    const mid = i * slot + slot / 2;
    return html`<g><title>${b.label}: ${b.value}</title><rect x="${x.toFixed(1)}" y="${base - h}" width="${w.toFixed(1)}" height="${h}" rx="3" fill="${b.color}"/><text x="${mid.toFixed(1)}" y="${base - h - 6}" text-anchor="middle" class="value">${b.value}</text><text x="${mid.toFixed(1)}" y="${base + 18}" text-anchor="middle" class="label">${b.label}</text></g>`;
  });
  return frame(title, describe(bars), height, html`<line x1="0" y1="${base}" x2="${WIDTH}" y2="${base}" class="axis"/>${cols}`);
}
