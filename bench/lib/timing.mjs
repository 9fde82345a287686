/** Timing helpers shared by the workload modules (workloads.md "Timing rules"). */
export const now = () => performance.now() / 1000;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function errorResult(e) {
  return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}
