// Parses the Mermaid blocks of a Markdown file with the real Mermaid library
// (under jsdom) and, for a gantt chart, computes its tasks as Mermaid draws
// them: each must have a finite start and an end after it. Prints one line
// per block; exits 1 when one fails. Used by internal/report's tests:
//   node check.mjs FILE.md   (with NODE_PATH pointing at node_modules)
// Install the library with test/mermaid/install.
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const k of ["Element", "HTMLElement", "Node", "DOMParser", "SVGElement"]) globalThis[k] = dom.window[k];
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
async function check(text) {
  await mermaid.parse(text);
  const d = await mermaid.mermaidAPI.getDiagramFromText(text);
  if (d.type !== "gantt") return d.type;
  const tasks = d.db.getTasks();
  const out = [];
  for (const t of tasks) {
    const s = +t.startTime, e = +t.endTime;
    if (!(Number.isFinite(s) && Number.isFinite(e) && e > s)) throw new Error(`task ${t.task}: start ${t.startTime} end ${t.endTime}`);
    out.push(`${t.section}/${t.task} ${s}-${e}${t.crit ? " crit" : ""}`);
  }
  return "gantt " + out.join("; ");
}
const md = readFileSync(process.argv[2], "utf8");
let bad = 0;
for (const [, b] of md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)) {
  try { console.log("ok", await check(b)); } catch (e) { bad++; console.log("ERROR", String(e.message || e).split("\n").slice(0, 4).join(" | ")); }
}
process.exit(bad ? 1 : 0);
