import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The dependency direction of docs/engine.md and ../shared/DESIGN.md: a folder of src/ may
 * import only from folders of a lower rank, or from siblings of the same rank as long as no
 * cycle forms between folders. Folders that do not exist yet are simply absent.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["util"],
  ["backend"],
  ["tensor"],
  ["autodiff"],
  ["graph"],
  ["ops"],
  ["random"],
  ["serialization"],
  ["initializers", "activations", "regularizers", "constraints"],
  ["layers"],
  ["losses", "metrics", "optimizers", "callbacks"],
  ["trainers"],
  ["models"],
  ["saving"],
  ["datasets"],
  // utils/ is the keras.utils namespace (toCategorical, plotModel, setRandomSeed): it gathers
  // from many layers, so it sits at the top, beside the command line.
  ["cli", "utils"],
  ["index.ts"],
];

/** Extra prohibitions on top of the ordering: [from, to, why]. */
const FORBIDDEN: readonly [string, string, string][] = [["layers", "backend", "layers use ops only, never backend/"]];

const RANK = new Map<string, number>();
LAYERS.forEach((names, rank) => names.forEach((n) => RANK.set(n, rank)));

const SRC = path.resolve(import.meta.dirname, "../src");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** The top-level unit of src/ a path belongs to: its first folder, or the file name at the root. */
function unitOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!;
}

interface Edge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

/** The module specifiers of a file: imports (type-only too), export-from, `import("…")`. */
function specifiersOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) specs.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specs.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs;
}

/** Every relative import, export-from, side-effect import and dynamic import of src/. */
function collectEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const spec of specifiersOf(file)) {
      if (!spec.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), spec);
      const rel = path.relative(SRC, target);
      edges.push({ from: unitOf(file), to: rel.startsWith("..") ? `outside src: ${rel}` : unitOf(target), file: path.relative(SRC, file), specifier: spec });
    }
  }
  return edges;
}

const edges = collectEdges();

describe("architecture", () => {
  it("parses imports (sanity check of the parser)", () => {
    expect(edges.some((e) => e.from === "index.ts" && e.to === "ops")).toBe(true);
    expect(edges.some((e) => e.from === "autodiff" && e.to === "tensor")).toBe(true);
    expect(specifiersOf(path.join(SRC, "index.ts"))).toContain("./random/index.js");
  });

  it("knows every folder of src/", () => {
    const unknown = [...new Set(sourceFiles(SRC).map(unitOf))].filter((u) => !RANK.has(u));
    expect(unknown, "add new top-level folders to the LAYERS table (and to docs/engine.md)").toEqual([]);
  });

  it("imports point down the layer table only", () => {
    const violations = edges
      .filter((e) => e.from !== e.to)
      .filter((e) => !RANK.has(e.to) || RANK.get(e.to)! > (RANK.get(e.from) ?? -1))
      .map((e) => `${e.file} imports '${e.specifier}' (${e.from} → ${e.to})`);
    expect(violations).toEqual([]);
  });

  it("respects the extra prohibitions", () => {
    const violations = edges
      .filter((e) => FORBIDDEN.some(([from, to]) => e.from === from && e.to === to))
      .map((e) => `${e.file} imports '${e.specifier}': ${FORBIDDEN.find(([f, t]) => f === e.from && t === e.to)![2]}`);
    expect(violations).toEqual([]);
  });

  it("has no import cycles between folders", () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.from === e.to) continue;
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)!.add(e.to);
    }
    const cycles: string[] = [];
    const state = new Map<string, "active" | "done">();
    const stack: string[] = [];
    const visit = (n: string): void => {
      state.set(n, "active");
      stack.push(n);
      for (const m of graph.get(n) ?? []) {
        if (state.get(m) === "active") cycles.push([...stack.slice(stack.indexOf(m)), m].join(" → "));
        else if (!state.has(m)) visit(m);
      }
      stack.pop();
      state.set(n, "done");
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n);
    expect(cycles).toEqual([]);
  });
});
