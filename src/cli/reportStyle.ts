/**
 * The report's stylesheet: a reading column beside a sticky table of
 * contents on wide screens (one column on narrow ones), figures at the
 * column's width, and a print stylesheet (no contents column, figures kept
 * whole on a page, collapsed tables printed open) for `ldyn report --pdf`.
 */
export const REPORT_STYLE = `
:root{--ink:#1f2328;--muted:#5b6470;--rule:#e3e6ea;--accent:#0058a3}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;line-height:1.55;color:var(--ink);background:#fff}
.layout{display:grid;grid-template-columns:17rem minmax(0,52rem);gap:2.5rem;max-width:75rem;margin:0 auto;padding:0 1.25rem}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow-y:auto;padding:1.5rem 0;font-size:0.88rem}
nav.toc h2{font-size:0.8rem;text-transform:uppercase;letter-spacing:0.06em;color:var(--muted);margin:0 0 0.5rem;border:0}
nav.toc ol{list-style:none;margin:0;padding:0}nav.toc ol ol{padding-left:0.9rem;margin:0.15rem 0 0.5rem}
nav.toc li{margin:0.15rem 0}nav.toc a{color:var(--ink);text-decoration:none}nav.toc a:hover{color:var(--accent);text-decoration:underline}
nav.toc .q{font-weight:600;margin-top:0.6rem}nav.toc .q>ol{font-weight:400}
.katex{font-size:1.06em}
article{padding:1.5rem 0 4rem;min-width:0}
h1{font-size:1.9rem;line-height:1.2;margin:0.5rem 0 0.25rem}
h2{font-size:1.45rem;margin:3.5rem 0 0.4rem;padding-top:0.5rem;border-top:1px solid var(--rule)}
h3{font-size:1.05rem;margin:1.6rem 0 0.4rem}
.meta{color:var(--muted);font-size:0.88rem}
.question{font-size:1.08rem;font-style:italic}
.summary{background:#f4f8fc;border-left:4px solid var(--accent);padding:0.6rem 1rem;margin:1rem 0}
.summary p{margin:0.3rem 0}
figure.fig{margin:1.75rem 0;break-inside:avoid;page-break-inside:avoid}
figure.fig svg{display:block;width:100%;height:auto}
figure.fig figcaption{font-size:0.92rem;color:#333;margin-top:0.35rem}
.fig-num{font-weight:700}
.math{overflow-x:auto}
table{border-collapse:collapse;margin:0.5rem 0;font-size:0.9rem}td,th{border:1px solid var(--rule);padding:0.2rem 0.6rem;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
details{margin:0.75rem 0}summary{cursor:pointer;color:var(--accent)}
code{background:#f3f4f6;padding:0 0.2rem;border-radius:3px}
.overview li{margin:0.3rem 0}
@media (max-width:60rem){.layout{grid-template-columns:minmax(0,1fr)}nav.toc{position:static;max-height:none;border-bottom:1px solid var(--rule)}}
@media print{
  @page{size:A4;margin:16mm 14mm}
  body{font-size:10.5pt}
  .layout{display:block;max-width:none;padding:0}
  nav.toc{display:none}
  h2{break-before:page;border:0;margin-top:0}
  h2,h3{break-after:avoid}
  figure.fig,.summary,table{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}
`;
