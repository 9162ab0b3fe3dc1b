import { html, type SafeHtml } from "./html-template";

export type BarItem = { label: string; value: number; color: string };

const COLOR = /^#[0-9a-f]{3,8}$/i;

/**
 * A horizontal bar chart as inline SVG (no script, no external resource): one row per item, label, bar scaled to the
 * largest value, the value at the bar's end. Sizes in CSS pixels; colours must be `#hex` (anything else draws grey).
 * `title` becomes the SVG's accessible name (`role="img"` + `<title>`).
 */
export function barChart(title: string, items: BarItem[], o: { width?: number; labelWidth?: number } = {}): SafeHtml {
  const width = o.width ?? 360;
  const labelWidth = o.labelWidth ?? 110;
  const row = 22;
  const barMax = width - labelWidth - 50;
  const max = Math.max(1, ...items.map((i) => i.value));
  const height = items.length * row + 4;
  const rows = items.map((it, i) => {
    const y = i * row + 2;
    const w = it.value > 0 ? Math.max(2, Math.round((it.value / max) * barMax)) : 0;
    const fill = COLOR.test(it.color) ? it.color : "#9ca3af";
    return html`<text x="0" y="${y + 15}" font-size="12" fill="#374151">${it.label}</text><rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${row - 8}" rx="2" fill="${fill}"></rect><text x="${labelWidth + w + 6}" y="${y + 15}" font-size="12" fill="#111827">${it.value}</text>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif"><title>${title}</title>${rows}</svg>`;
}

/** One stacked bar (e.g. pages ok / failed / blocked) with a legend below, as inline SVG. */
export function stackedBar(title: string, items: BarItem[], o: { width?: number } = {}): SafeHtml {
  const width = o.width ?? 360;
  const total = items.reduce((a, i) => a + i.value, 0);
  let x = 0;
  const segments = items.map((it) => {
    const w = total ? (it.value / total) * width : 0;
    const seg = html`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="18" fill="${COLOR.test(it.color) ? it.color : "#9ca3af"}"></rect>`;
    x += w;
    return seg;
  });
  const legend = items.map(
    (it, i) => html`<rect x="${i * 120}" y="28" width="10" height="10" fill="${COLOR.test(it.color) ? it.color : "#9ca3af"}"></rect><text x="${i * 120 + 14}" y="37" font-size="12" fill="#374151">${it.label} ${it.value}</text>`,
  );
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="44" viewBox="0 0 ${width} 44" font-family="system-ui, sans-serif"><title>${title}</title><rect x="0" y="0" width="${width}" height="18" fill="#e5e7eb"></rect>${segments}${legend}</svg>`;
}
