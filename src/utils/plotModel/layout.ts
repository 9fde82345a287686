/**
 * A layered ("Sugiyama") layout for model graphs, the way Graphviz's `dot` draws Keras models:
 * 1. ranks by longest path from the inputs (an input that feeds a deep layer moves down next to it);
 * 2. long edges are split by invisible dummy nodes, one per rank they cross;
 * 3. the order inside each rank is improved by barycentric sweeps, keeping the order with the
 *    fewest edge crossings;
 * 4. positions across ranks come from repeated averaging over neighbours, made non-overlapping
 *    by isotonic regression (the closest positions that keep the order and the gaps).
 * Coordinates are computed for top-to-bottom and mapped for "LR", "BT" and "RL".
 */

export type RankDir = "TB" | "LR" | "BT" | "RL";

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface PlacedNode extends LayoutNode {
  /** Centre of the box. */
  x: number;
  y: number;
}

export interface PlacedEdge extends LayoutEdge {
  /** The route, from the source's border through the dummy nodes to the target's border. */
  points: { x: number; y: number }[];
}

export interface Layout {
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  rankdir?: RankDir;
  /** Gap between ranks (default 40). */
  rankSep?: number;
  /** Gap between boxes of a rank (default 30). */
  nodeSep?: number;
  /** Margin around the drawing (default 16). */
  margin?: number;
}

interface Item {
  id: string;
  dummy: boolean;
  /** Size across the rank direction (width for TB) and along it (height for TB). */
  cross: number;
  along: number;
  rank: number;
  pos: number;
}

/** Assigns ranks: longest path from the sources; sources then sit just above their nearest successor. */
function assignRanks(ids: string[], succ: Map<string, string[]>, pred: Map<string, string[]>): Map<string, number> {
  const indeg = new Map(ids.map((id) => [id, pred.get(id)!.length]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const s of succ.get(id)!) {
      indeg.set(s, indeg.get(s)! - 1);
      if (indeg.get(s) === 0) queue.push(s);
    }
  }
  // A cycle cannot come from a functional model; place any leftovers after the rest.
  for (const id of ids) if (!order.includes(id)) order.push(id);
  const rank = new Map<string, number>();
  for (const id of order) {
    let r = 0;
    for (const p of pred.get(id)!) if (rank.has(p)) r = Math.max(r, rank.get(p)! + 1);
    rank.set(id, r);
  }
  for (const id of order) {
    const ss = succ.get(id)!;
    if (pred.get(id)!.length === 0 && ss.length > 0) rank.set(id, Math.min(...ss.map((s) => rank.get(s)!)) - 1);
  }
  const min = Math.min(...rank.values());
  for (const [k, v] of rank) rank.set(k, v - min);
  return rank;
}

/** Counts the crossings between two adjacent ranks. */
function crossings(upper: Item[], lower: Item[], down: Map<Item, Item[]>): number {
  const pos = new Map(lower.map((it, i) => [it, i]));
  const pairs: [number, number][] = [];
  upper.forEach((u, i) => {
    for (const l of down.get(u) ?? []) if (pos.has(l)) pairs.push([i, pos.get(l)!]);
  });
  let n = 0;
  for (let a = 0; a < pairs.length; a++) {
    for (let b = a + 1; b < pairs.length; b++) {
      const [u1, l1] = pairs[a]!;
      const [u2, l2] = pairs[b]!;
      if ((u1 - u2) * (l1 - l2) < 0) n++;
    }
  }
  return n;
}

/** Isotonic regression with gaps: positions closest to `want` (least squares) with x[i+1] - x[i] >= gap[i]. */
function placeInOrder(want: number[], gaps: number[]): number[] {
  const offset = [0];
  for (let i = 1; i < want.length; i++) offset.push(offset[i - 1]! + gaps[i - 1]!);
  const y = want.map((w, i) => w - offset[i]!);
  // pool adjacent violators
  const blocks: { sum: number; n: number }[] = [];
  for (const v of y) {
    blocks.push({ sum: v, n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.n <= b.sum / b.n) break;
      blocks.pop();
      a.sum += b.sum;
      a.n += b.n;
    }
  }
  const fit: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.n; k++) fit.push(b.sum / b.n);
  return fit.map((f, i) => f + offset[i]!);
}

/** Lays out a directed acyclic graph in ranks. Node order in `nodes` is the initial order. */
export function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[], options: LayoutOptions = {}): Layout {
  const rankdir = options.rankdir ?? "TB";
  const vertical = rankdir === "TB" || rankdir === "BT";
  const rankSep = options.rankSep ?? 40;
  const nodeSep = options.nodeSep ?? 30;
  const margin = options.margin ?? 16;
  const ids = nodes.map((n) => n.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const succ = new Map(ids.map((id) => [id, [] as string[]]));
  const pred = new Map(ids.map((id) => [id, [] as string[]]));
  const uniq = new Set<string>();
  const realEdges = edges.filter((e) => {
    const key = `${e.from}\u0000${e.to}`;
    if (uniq.has(key) || e.from === e.to || !byId.has(e.from) || !byId.has(e.to)) return false;
    uniq.add(key);
    return true;
  });
  for (const e of realEdges) {
    succ.get(e.from)!.push(e.to);
    pred.get(e.to)!.push(e.from);
  }
  const rank = assignRanks(ids, succ, pred);

  // items and dummy chains
  const items = new Map<string, Item>();
  for (const n of nodes) items.set(n.id, { id: n.id, dummy: false, cross: vertical ? n.width : n.height, along: vertical ? n.height : n.width, rank: rank.get(n.id)!, pos: 0 });
  const down = new Map<Item, Item[]>();
  const up = new Map<Item, Item[]>();
  const link = (a: Item, b: Item) => {
    if (!down.has(a)) down.set(a, []);
    if (!up.has(b)) up.set(b, []);
    down.get(a)!.push(b);
    up.get(b)!.push(a);
  };
  const chains = new Map<LayoutEdge, Item[]>();
  let dummyCount = 0;
  for (const e of realEdges) {
    const a = items.get(e.from)!;
    const b = items.get(e.to)!;
    const chain: Item[] = [a];
    for (let r = a.rank + 1; r < b.rank; r++) {
      const d: Item = { id: `\u0000dummy${dummyCount++}`, dummy: true, cross: 8, along: 0, rank: r, pos: 0 };
      items.set(d.id, d);
      chain.push(d);
    }
    chain.push(b);
    for (let i = 0; i + 1 < chain.length; i++) link(chain[i]!, chain[i + 1]!);
    chains.set(e, chain);
  }
  const maxRank = Math.max(0, ...[...items.values()].map((it) => it.rank));
  let ranks: Item[][] = Array.from({ length: maxRank + 1 }, () => []);
  // initial order: depth-first from the sources, following the model's own order
  const seen = new Set<Item>();
  const visit = (it: Item) => {
    if (seen.has(it)) return;
    seen.add(it);
    ranks[it.rank]!.push(it);
    for (const s of down.get(it) ?? []) visit(s);
  };
  for (const n of nodes) if (pred.get(n.id)!.length === 0) visit(items.get(n.id)!);
  for (const it of items.values()) visit(it);

  // barycentric sweeps
  const total = (rs: Item[][]) => rs.slice(0, -1).reduce((acc, r, i) => acc + crossings(r, rs[i + 1]!, down), 0);
  let best = ranks.map((r) => [...r]);
  let bestCount = total(ranks);
  for (let iter = 0; iter < 24 && bestCount > 0; iter++) {
    const goingDown = iter % 2 === 0;
    const seq = goingDown ? ranks.map((_, i) => i).slice(1) : ranks.map((_, i) => i).slice(0, -1).reverse();
    for (const r of seq) {
      const ref = ranks[goingDown ? r - 1 : r + 1]!;
      const refPos = new Map(ref.map((it, i) => [it, i]));
      const layer = ranks[r]!;
      const bary = new Map<Item, number>();
      layer.forEach((it, i) => {
        const nb = (goingDown ? up.get(it) : down.get(it)) ?? [];
        const ps = nb.filter((x) => refPos.has(x)).map((x) => refPos.get(x)!);
        bary.set(it, ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : i);
      });
      ranks[r] = [...layer].sort((a, b) => bary.get(a)! - bary.get(b)! || layer.indexOf(a) - layer.indexOf(b));
    }
    const c = total(ranks);
    if (c < bestCount) {
      bestCount = c;
      best = ranks.map((r) => [...r]);
    }
  }
  ranks = best;

  // cross-axis positions
  const gapsOf = (layer: Item[]) => layer.slice(0, -1).map((it, i) => (it.cross + layer[i + 1]!.cross) / 2 + (it.dummy || layer[i + 1]!.dummy ? nodeSep / 2 : nodeSep));
  for (const layer of ranks) {
    const xs = placeInOrder(layer.map(() => 0), gapsOf(layer));
    layer.forEach((it, i) => (it.pos = xs[i]!));
  }
  for (let iter = 0; iter < 30; iter++) {
    const goingDown = iter % 2 === 0;
    const seq = goingDown ? ranks.map((_, i) => i) : ranks.map((_, i) => i).reverse();
    for (const r of seq) {
      const layer = ranks[r]!;
      const want = layer.map((it) => {
        const nb = [...(goingDown ? (up.get(it) ?? []) : (down.get(it) ?? []))];
        const other = goingDown ? (down.get(it) ?? []) : (up.get(it) ?? []);
        const ps = (nb.length ? nb : other).map((x) => x.pos);
        return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : it.pos;
      });
      const xs = placeInOrder(want, gapsOf(layer));
      layer.forEach((it, i) => (it.pos = xs[i]!));
    }
  }

  // along-axis positions
  const rankCenter: number[] = [];
  const rankSize: number[] = [];
  let cursor = 0;
  for (const layer of ranks) {
    const size = Math.max(0, ...layer.map((it) => it.along));
    rankCenter.push(cursor + size / 2);
    rankSize.push(size);
    cursor += size + rankSep;
  }
  const alongTotal = Math.max(0, cursor - rankSep);
  let minCross = Infinity;
  let maxCross = -Infinity;
  for (const it of items.values()) {
    minCross = Math.min(minCross, it.pos - it.cross / 2);
    maxCross = Math.max(maxCross, it.pos + it.cross / 2);
  }
  if (!Number.isFinite(minCross)) {
    minCross = 0;
    maxCross = 0;
  }
  const crossTotal = maxCross - minCross;
  const width = (vertical ? crossTotal : alongTotal) + 2 * margin;
  const height = (vertical ? alongTotal : crossTotal) + 2 * margin;
  const toXY = (c: number, a: number) => {
    const cc = c - minCross + margin;
    const aa = a + margin;
    if (rankdir === "TB") return { x: cc, y: aa };
    if (rankdir === "BT") return { x: cc, y: height - aa };
    if (rankdir === "LR") return { x: aa, y: cc };
    return { x: width - aa, y: cc };
  };
  const placed = new Map<string, PlacedNode>();
  for (const n of nodes) {
    const it = items.get(n.id)!;
    const p = toXY(it.pos, rankCenter[it.rank]!);
    placed.set(n.id, { ...n, x: p.x, y: p.y });
  }

  // edge routes: spread the ports of boxes with several edges on one side
  const portOffset = (it: Item, other: Item, side: "in" | "out") => {
    const list = side === "out" ? (down.get(it) ?? []) : (up.get(it) ?? []);
    if (list.length < 2) return 0;
    const sorted = [...list].sort((a, b) => a.pos - b.pos);
    const k = sorted.indexOf(other);
    const span = Math.min(it.cross * 0.6, (list.length - 1) * 24);
    return -span / 2 + (span * k) / (list.length - 1);
  };
  const placedEdges: PlacedEdge[] = [];
  for (const e of realEdges) {
    const chain = chains.get(e)!;
    const a = chain[0]!;
    const b = chain[chain.length - 1]!;
    const pts: { x: number; y: number }[] = [];
    pts.push(toXY(a.pos + portOffset(a, chain[1]!, "out"), rankCenter[a.rank]! + a.along / 2));
    // a long edge runs straight through the ranks it crosses, beside their boxes
    for (const d of chain.slice(1, -1)) {
      pts.push(toXY(d.pos, rankCenter[d.rank]! - rankSize[d.rank]! / 2));
      pts.push(toXY(d.pos, rankCenter[d.rank]! + rankSize[d.rank]! / 2));
    }
    pts.push(toXY(b.pos + portOffset(b, chain[chain.length - 2]!, "in"), rankCenter[b.rank]! - b.along / 2));
    placedEdges.push({ from: e.from, to: e.to, points: pts });
  }
  return { nodes: placed, edges: placedEdges, width, height };
}
