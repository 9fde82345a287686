import type { InspectReport } from "../saving/inspect.js";

/** `keras-ts inspect` as text: format, version, summary, weights. */
export function formatReport(file: string, r: InspectReport): string[] {
  const out: string[] = [];
  out.push(`File:          ${file}`);
  out.push(`Format:        ${r.format}`);
  out.push(`Keras version: ${r.kerasVersion ?? "not recorded"}${r.backend ? ` (backend: ${r.backend})` : ""}`);
  if (r.modelClass) out.push(`Model class:   ${r.modelClass}`);
  if (r.summary) {
    out.push("", ...r.summary);
  } else if (r.loadError) {
    out.push("", `The model cannot be rebuilt: ${r.loadError}`);
  }
  for (const w of r.warnings) out.push(`Warning: ${w}`);
  const total = r.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  out.push("", `Weights (${r.weights.length} arrays, ${total.toLocaleString("en-US")} values):`);
  const width = Math.max(4, ...r.weights.map((w) => w.path.length));
  for (const w of r.weights) out.push(`  ${w.path.padEnd(width)}  (${w.shape.join(", ")}${w.shape.length === 1 ? "," : ""})  ${w.dtype}`);
  return out;
}
