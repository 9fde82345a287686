import h5wasm from "h5wasm";
import { readFileSync } from "node:fs";
import { unzipSync } from "fflate";
const M = await h5wasm.ready;
const file = process.argv[2];
let bytes = readFileSync(file);
if (bytes[0] === 0x50) { const z = unzipSync(bytes); console.log(Object.keys(z)); bytes = z["model.weights.h5"]; }
M.FS.writeFile("/d.h5", bytes);
const f = new h5wasm.File("/d.h5", "r");
function walk(g, p) {
  for (const k of g.keys()) {
    const e = g.get(k);
    const path = p + "/" + k;
    const attrs = e ? Object.keys(e.attrs).map(a => a + "=" + JSON.stringify(e.attrs[a].json_value).slice(0,60) + "(" + JSON.stringify(e.attrs[a].dtype) + ")").join(" ") : "";
    if (e instanceof h5wasm.Group) { console.log("G", path, attrs); walk(e, path); }
    else console.log("D", path, e?.shape, JSON.stringify(e?.dtype), attrs);
  }
}
console.log("root attrs", Object.keys(f.attrs).map(a => a + ":" + JSON.stringify(f.attrs[a].dtype)));
walk(f, "");
