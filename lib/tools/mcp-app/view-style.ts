/**
 * The dashboard view's stylesheet (inlined into the HTML by `dashboard-html.ts`). Colours and fonts come from the
 * host's MCP Apps theme variables (`--color-*`, `--font-*`, spec "Theming") with local fallbacks for hosts that send
 * none; no `url()`, `@import` or web fonts — the view loads nothing.
 */
export const VIEW_CSS = String.raw`
:root {
  color-scheme: light;
  --oa-bg: var(--color-background-primary, #ffffff);
  --oa-bg-2: var(--color-background-secondary, #f4f5f7);
  --oa-fg: var(--color-text-primary, #1b1f24);
  --oa-fg-2: var(--color-text-secondary, #57606a);
  --oa-border: var(--color-border-primary, #d0d7de);
  --oa-radius: var(--border-radius-md, 8px);
  --oa-font: var(--font-sans, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  --oa-mono: var(--font-mono, ui-monospace, SFMono-Regular, Menlo, monospace);
  --sev-critical: #b42318; --sev-high: #d9480f; --sev-medium: #b7791f; --sev-low: #2f6feb; --sev-info: #6e7781;
}
:root[data-theme="dark"] {
  color-scheme: dark;
  --oa-bg: var(--color-background-primary, #0d1117);
  --oa-bg-2: var(--color-background-secondary, #161b22);
  --oa-fg: var(--color-text-primary, #e6edf3);
  --oa-fg-2: var(--color-text-secondary, #8d96a0);
  --oa-border: var(--color-border-primary, #30363d);
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--oa-bg); color: var(--oa-fg); font: 14px/1.45 var(--oa-font); }
main { padding: 16px; max-width: 1100px; }
h1 { font-size: 18px; margin: 0 0 2px; }
h2 { font-size: 14px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--oa-fg-2); }
section { margin-top: 16px; padding: 12px; background: var(--oa-bg-2); border: 1px solid var(--oa-border); border-radius: var(--oa-radius); }
.muted, .meta { color: var(--oa-fg-2); margin: 0; }
.url { font-family: var(--oa-mono); word-break: break-all; margin: 0 0 4px; }
.headline { font-size: 15px; margin: 4px 0 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 999px; border: 1px solid currentColor; font-size: 12px; font-weight: 600; }
.sev-critical { color: var(--sev-critical); } .sev-high { color: var(--sev-high); } .sev-medium { color: var(--sev-medium); }
.sev-low { color: var(--sev-low); } .sev-info { color: var(--sev-info); }
.bars { display: grid; grid-template-columns: 80px 1fr 48px; gap: 6px 10px; align-items: center; }
.bar { height: 10px; border-radius: 5px; background: var(--oa-border); overflow: hidden; }
.bar > span { display: block; height: 100%; background: currentColor; min-width: 0; }
.count { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
ol, ul { margin: 0; padding-left: 20px; }
li { margin: 4px 0; }
code { font-family: var(--oa-mono); font-size: 12px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--oa-border); vertical-align: top; }
th { font-size: 12px; color: var(--oa-fg-2); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.title { color: var(--oa-fg-2); font-size: 12px; }
.failed { color: var(--sev-critical); font-weight: 600; }
.shots { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; }
figure { margin: 0; }
figure img, .ph { display: block; width: 100%; aspect-ratio: 16 / 10; object-fit: cover; object-position: top; border: 1px solid var(--oa-border); border-radius: 4px; background: var(--oa-bg); }
.ph { display: flex; align-items: center; justify-content: center; color: var(--oa-fg-2); }
figcaption { font-size: 12px; color: var(--oa-fg-2); margin-top: 4px; word-break: break-all; }
.classes { display: flex; flex-wrap: wrap; gap: 8px; }
.class { padding: 6px 10px; border: 1px solid var(--oa-border); border-radius: var(--oa-radius); background: var(--oa-bg); }
.class b { font-size: 16px; margin-right: 4px; }
`;
