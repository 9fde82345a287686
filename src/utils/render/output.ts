/** Writing the SVGs the plotting utilities make: as `.svg`, or rasterized to `.png` by resvg. */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ValueError } from "../../util/errors.js";

interface ResvgModule {
  Resvg: new (
    svg: string,
    options: { fitTo?: { mode: "zoom"; value: number }; background?: string; font?: { loadSystemFonts?: boolean; defaultFontFamily?: string } },
  ) => { render(): { asPng(): Uint8Array; width: number; height: number } };
}

let resvg: ResvgModule | null = null;

function loadResvg(what: string): ResvgModule {
  if (resvg) return resvg;
  try {
    resvg = createRequire(import.meta.url)("@resvg/resvg-js") as ResvgModule;
    return resvg;
  } catch (e) {
    throw new ValueError(`${what}: writing PNG needs the '@resvg/resvg-js' package, which could not be loaded (${(e as Error).message}). Install it with \`npm install @resvg/resvg-js\`, or write an SVG file instead (toFile ending in .svg).`);
  }
}

/** Rasterizes an SVG to PNG bytes; `scale` multiplies the SVG's size (dpi / 72 for Keras's dpi). */
export function svgToPng(svg: string, scale = 1, what = "svgToPng"): Uint8Array {
  const { Resvg } = loadResvg(what);
  const r = new Resvg(svg, { fitTo: { mode: "zoom", value: scale }, background: "white", font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } });
  return r.render().asPng();
}

/** The image format of `toFile`: "svg" or "png" (a name without extension is PNG, like Keras). */
export function imageFormat(toFile: string, what: string): "svg" | "png" {
  const ext = path.extname(toFile).slice(1).toLowerCase();
  if (ext === "" || ext === "png") return "png";
  if (ext === "svg") return "svg";
  throw new ValueError(`${what}: cannot write '${toFile}': the format '.${ext}' is not supported. keras-ts writes .svg and .png files (no Graphviz needed).`);
}

/** Writes the SVG (or its PNG rendering at `scale`) to `toFile` atomically; returns the path written. */
export function writeImage(svg: string, toFile: string, scale: number, what: string): string {
  const format = imageFormat(toFile, what);
  const file = toFile;
  const bytes = format === "svg" ? new TextEncoder().encode(svg) : svgToPng(svg, scale, what);
  const dir = path.dirname(path.resolve(file));
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    throw new ValueError(`${what}: cannot write '${file}': ${(e as Error).message}.`);
  }
  return file;
}
