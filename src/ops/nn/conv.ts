// Filled in by the ops work; see docs/engine.md.
export {};
