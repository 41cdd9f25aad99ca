/** The dashboard's stylesheet: phone first, light and dark, no external fonts or images. */
export const STYLESHEET = `
:root { color-scheme: light dark; --fg: #1d232b; --muted: #5b6673; --bg: #f6f7f9; --card: #fff; --line: #d9dee4;
  --accent: #2a6fdb; --ok: #1f7a3f; --bad: #b3261e; --s0: #2a6fdb; --s1: #e07a1f; --s2: #1f9d6b; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #9aa5b1; --bg: #14171b; --card: #1d2127;
  --line: #323941; --accent: #6ea2ff; --ok: #5fcf8a; --bad: #ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: var(--card); padding: 4px 8px; }
.top { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 10px 16px; background: var(--card);
  border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; text-decoration: none; margin-right: auto; }
.who { color: var(--muted); font-size: 14px; }
.langs a { margin-right: 8px; font-size: 14px; }
.circlebar { padding: 10px 16px 0; font-size: 14px; color: var(--muted); }
.tabs { display: flex; gap: 4px; overflow-x: auto; padding: 8px 16px; border-bottom: 1px solid var(--line); }
.tabs a { padding: 6px 10px; border-radius: 6px; text-decoration: none; white-space: nowrap; }
.tabs a[aria-current="page"] { background: var(--accent); color: #fff; }
main { max-width: 960px; margin: 0 auto; padding: 16px; }
h1 { font-size: 22px; margin: 8px 0 16px; } h2 { font-size: 18px; margin: 24px 0 8px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; }
.cards .card { margin: 0; } .big { font-size: 28px; font-weight: 700; display: block; }
a.card { color: inherit; text-decoration: none; } a.card .big { color: var(--accent); }
.flash { padding: 10px 14px; border-radius: 6px; margin: 0 0 16px; border: 1px solid; }
.flash.ok { color: var(--ok); } .flash.error { color: var(--bad); }
.muted { color: var(--muted); } .tag { font-size: 12px; border: 1px solid var(--line); border-radius: 10px; padding: 0 6px; }
form.stack label { display: block; margin: 12px 0 4px; font-weight: 600; }
.hint { display: block; font-weight: 400; color: var(--muted); font-size: 14px; }
input, select, textarea, button { font: inherit; }
input[type=text], input[type=search], input[type=number], select, textarea { width: 100%; max-width: 520px; padding: 8px;
  border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); }
textarea { min-height: 96px; }
button { padding: 8px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff;
  cursor: pointer; min-height: 40px; }
button.secondary { background: transparent; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
.inline { display: inline; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
ol.answers li { margin-bottom: 6px; } .right { color: var(--ok); } .wrong { color: var(--bad); }
details summary { cursor: pointer; }
.pager { display: flex; gap: 12px; align-items: center; margin: 12px 0; }
.periods a { margin-right: 12px; } .periods a[aria-current="true"] { font-weight: 700; }
.chart { margin: 8px 0 16px; } .chart svg { width: 100%; height: auto; background: var(--card);
  border: 1px solid var(--line); border-radius: 8px; }
.chart .grid { stroke: var(--line); stroke-width: 1; } .chart .axis { fill: var(--muted); font-size: 11px; }
.chart .line { fill: none; stroke-width: 2; }
.chart polyline.s0 { stroke: var(--s0); } .chart polyline.s1 { stroke: var(--s1); } .chart polyline.s2 { stroke: var(--s2); }
.chart rect.s0 { fill: var(--s0); } .chart rect.s1 { fill: var(--s1); } .chart rect.s2 { fill: var(--s2); }
.legend { list-style: none; padding: 0; display: flex; gap: 16px; flex-wrap: wrap; font-size: 14px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.swatch.s0 { background: var(--s0); } .swatch.s1 { background: var(--s1); } .swatch.s2 { background: var(--s2); }
`;

/**
 * The only script: asks before destructive buttons (`data-confirm`) and stops a form being sent twice. Every
 * page works without it.
 */
export const SCRIPT = `
document.addEventListener('submit', function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute('data-confirm');
  if (question && !window.confirm(question)) { event.preventDefault(); return; }
  var form = event.target;
  if (form.getAttribute('data-sent')) { event.preventDefault(); return; }
  form.setAttribute('data-sent', '1');
});
window.addEventListener('pageshow', function () {
  document.querySelectorAll('form[data-sent]').forEach(function (form) { form.removeAttribute('data-sent'); });
});
`;
