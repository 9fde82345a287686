/**
 * Text measurement for the SVG writers without a font engine: advance widths of DejaVu Sans
 * (the sans-serif font most Linux systems and resvg fall back to, and wider than Helvetica or
 * Arial), in ems. Boxes sized with them fit the text in any of those fonts.
 */

/** The font stack written into the SVGs. */
export const FONT_FAMILY = "Helvetica, Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif";

const WIDTHS: Record<string, number> = {
  " ": 0.318, "!": 0.401, '"': 0.46, "#": 0.838, $: 0.636, "%": 0.95, "&": 0.78, "'": 0.275, "(": 0.39, ")": 0.39,
  "*": 0.5, "+": 0.838, ",": 0.318, "-": 0.361, ".": 0.318, "/": 0.337, ":": 0.337, ";": 0.337, "<": 0.838, "=": 0.838,
  ">": 0.838, "?": 0.531, "@": 1.0, "[": 0.39, "\\": 0.337, "]": 0.39, "^": 0.838, _: 0.5, "`": 0.5, "{": 0.636,
  "|": 0.337, "}": 0.636, "~": 0.838,
  A: 0.684, B: 0.686, C: 0.698, D: 0.77, E: 0.632, F: 0.575, G: 0.775, H: 0.752, I: 0.295, J: 0.295, K: 0.656,
  L: 0.557, M: 0.863, N: 0.748, O: 0.787, P: 0.603, Q: 0.787, R: 0.695, S: 0.635, T: 0.611, U: 0.732, V: 0.684,
  W: 0.989, X: 0.685, Y: 0.611, Z: 0.685,
  a: 0.613, b: 0.635, c: 0.55, d: 0.635, e: 0.615, f: 0.352, g: 0.635, h: 0.634, i: 0.278, j: 0.278, k: 0.579,
  l: 0.278, m: 0.974, n: 0.634, o: 0.612, p: 0.635, q: 0.635, r: 0.411, s: 0.521, t: 0.392, u: 0.634, v: 0.592,
  w: 0.818, x: 0.592, y: 0.592, z: 0.525,
};

/** A run of text in one weight. */
export interface TextRun {
  text: string;
  bold?: boolean;
}

/** The width of `runs` at `fontSize` (bold is about 10% wider). */
export function textWidth(runs: readonly TextRun[] | string, fontSize: number): number {
  const list = typeof runs === "string" ? [{ text: runs }] : runs;
  let w = 0;
  for (const r of list) {
    let em = 0;
    for (const ch of r.text) em += WIDTHS[ch] ?? (/\d/.test(ch) ? 0.636 : 0.7);
    w += em * (r.bold ? 1.1 : 1) * fontSize;
  }
  return w;
}

/** Escapes text for SVG content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Rounds for compact SVG numbers. */
export function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** `<text>` with runs as `<tspan>`s; `anchor` is SVG's text-anchor; `y` is the text's vertical centre. */
export function svgText(runs: readonly TextRun[] | string, x: number, y: number, fontSize: number, attrs: { anchor?: "start" | "middle" | "end"; fill?: string; transform?: string } = {}): string {
  const list = typeof runs === "string" ? [{ text: runs }] : runs;
  const spans = list.map((r) => (r.bold ? `<tspan font-weight="bold">${escapeXml(r.text)}</tspan>` : escapeXml(r.text))).join("");
  const baseline = y + fontSize * 0.35;
  const extra = `${attrs.fill ? ` fill="${attrs.fill}"` : ""}${attrs.transform ? ` transform="${attrs.transform}"` : ""}`;
  return `<text x="${num(x)}" y="${num(baseline)}" font-size="${num(fontSize)}" text-anchor="${attrs.anchor ?? "middle"}"${extra}>${spans}</text>`;
}
