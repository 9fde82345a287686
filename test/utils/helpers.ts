import { readFileSync } from "node:fs";
import { PNG } from "pngjs";

/** Decodes a PNG file and counts its pixels that are not (near) white, and those of a colour. */
export function pngStats(file: string, color?: [number, number, number]): { width: number; height: number; nonWhite: number; matching: number } {
  const png = PNG.sync.read(readFileSync(file));
  let nonWhite = 0;
  let matching = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (r < 240 || g < 240 || b < 240) nonWhite++;
    if (color && Math.abs(r - color[0]) < 40 && Math.abs(g - color[1]) < 40 && Math.abs(b - color[2]) < 40) matching++;
  }
  return { width: png.width, height: png.height, nonWhite, matching };
}
