/** Shape formatting, one way everywhere: `(None, 3, 16)`. */
export type ShapeLike = readonly (number | null | undefined)[];

/** Formats a shape the way Python prints a tuple: `(None, 3)`, `(5,)`, `()`. */
export function formatShape(shape: ShapeLike): string {
  const parts = shape.map((d) => (d === null || d === undefined ? "None" : String(d)));
  if (parts.length === 1) return `(${parts[0]},)`;
  return `(${parts.join(", ")})`;
}

/** Formats any value for an error message, Python-style where it matters (null → None). */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  if (typeof value === "object") {
    const ctor = (value as object).constructor?.name;
    if (ctor && ctor !== "Object") return `<${ctor}>`;
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
