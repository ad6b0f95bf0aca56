// The inline stylesheet and script of audit.html, and the Content-Security-Policy that allows
// exactly them: no network, no other script (the script is allowed by its hash).
import { createHash } from "node:crypto";

export const STYLE = `
:root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#fff;--soft:#f9fafb;--accent:#2563eb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1240px;margin:0 auto;padding:24px}
header h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:20px 0 6px}
.muted,.note,.empty{color:var(--muted)}
.note{margin:4px 0 0;font-size:13px}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:var(--soft)}
.card .n{font-size:26px;font-weight:650;line-height:1.1}
.card .what{color:var(--muted);font-size:13px}
.card.warn .n{color:#b91c1c}
.todo li{margin:2px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:16px}
.charts figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.charts figcaption{font-weight:600;margin-bottom:6px}
svg.chart{display:block;max-width:100%;height:auto}
svg .label{font-size:12px;fill:#374151}
svg .value{font-size:12px;fill:#111827;font-weight:600}
svg .axis{stroke:#d1d5db}
.table-tools{display:flex;gap:8px;align-items:center;margin:6px 0}
.table-tools input{padding:5px 8px;border:1px solid #d1d5db;border-radius:6px;min-width:260px;font:inherit}
.count{color:var(--muted);font-size:12px}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table.data{border-collapse:collapse;width:100%;font-size:13px}
table.data.fixed{table-layout:fixed;min-width:980px}
table.data th,table.data td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;overflow-wrap:break-word}
table.data th{background:var(--soft);position:sticky;top:0;white-space:nowrap}
.js table.data th{cursor:pointer;user-select:none}
table.data th[aria-sort=ascending]::after{content:" ▲";font-size:10px}
table.data th[aria-sort=descending]::after{content:" ▼";font-size:10px}
table.data td.right{text-align:right;font-variant-numeric:tabular-nums}
table.data tbody tr:hover{background:#f3f4f6}
ul.evidence{margin:0;padding-left:16px}
table.data code{white-space:nowrap}
.pill{display:inline-block;padding:0 7px;border-radius:10px;font-size:11.5px;font-weight:600;white-space:nowrap;color:#fff;background:#6b7280}
.sev-critical{background:#b91c1c}.sev-high{background:#ea580c}.sev-medium{background:#ca8a04}.sev-low{background:#2563eb}.sev-info{background:#6b7280}
.conf-certain{background:#15803d}.conf-high{background:#65a30d}.conf-medium{background:#ca8a04}.conf-low{background:#9ca3af}
.act-migrate{background:#2563eb}.act-investigate{background:#d97706}.act-delete{background:#6b7280}
.state-oidc{background:#15803d}.state-mixed{background:#0d9488}.state-static-keys{background:#dc2626}.state-none{background:#d1d5db;color:#374151}
.suppressed{background:#e5e7eb;color:#374151}
nav a{color:var(--accent);margin-right:12px;text-decoration:none}
footer{margin:40px 0 8px;color:var(--muted);font-size:12px}
`;

/** Filter boxes and sortable headers; the page is complete without it. */
export const SCRIPT = `(function () {
  "use strict";
  // Headers look clickable only when they are (the page works without this script).
  document.documentElement.className = "js";
  var text = function (cell) { return cell ? (cell.getAttribute("data-sort") || cell.textContent || "") : ""; };
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.querySelector('[data-count="' + table.id + '"]');
    input.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (r) { var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0; r.hidden = !hit; if (hit) shown++; });
      count.textContent = q ? shown + " of " + rows.length : "";
    });
  });
  document.querySelectorAll("table.data").forEach(function (table) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (th, col) {
      var sort = function () {
        var numeric = th.getAttribute("data-type") === "num";
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = text(a.cells[col]), y = text(b.cells[col]);
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, undefined, { numeric: true });
          return c * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
})();`;

const scriptHash = `sha256-${createHash("sha256").update(SCRIPT).digest("base64")}`;

/** Nothing may be fetched; only the inline style and this exact script may run. */
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '${scriptHash}'; base-uri 'none'; form-action 'none'`;
