// Usage: node katex-count.js /usr/share/javascript/katex/katex.js d2l-en.jsonl
// Counts how many formulas of a JSON-lines corpus KaTeX converts without error.
const katex = require(process.argv[2] || "/usr/share/javascript/katex/katex.js");
const fs = require("fs");
const lines = fs.readFileSync(process.argv[3], "utf8").split("\n").filter(Boolean);
let ok = 0; const errors = {};
for (const line of lines) {
  const f = JSON.parse(line);
  try { katex.renderToString(f.tex, { displayMode: f.display, throwOnError: true, output: "mathml" }); ok++; }
  catch (e) { const m = String(e.message).replace(/at position.*/s, "").slice(0, 80); errors[m] = (errors[m] || 0) + 1; }
}
console.log(`${ok}/${lines.length}`);
for (const [m, n] of Object.entries(errors).sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(n, m);
