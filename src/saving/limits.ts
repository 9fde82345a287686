/**
 * Caps applied to untrusted files before anything is allocated, so that a hostile file (zip bomb,
 * absurd declared shapes) is rejected with a FileFormatError instead of exhausting memory.
 */
export interface SavingLimits {
  /** Largest decompressed zip entry, in bytes (default 2 GiB). */
  maxEntryBytes: number;
  /** Largest sum of decompressed zip entries, in bytes (default 4 GiB). */
  maxTotalBytes: number;
  /** Largest ratio decompressed / compressed size of a deflated entry (default 1000). */
  maxCompressionRatio: number;
  /** Largest number of scalars in one weight (default 2^29). */
  maxTensorElements: number;
  /** Largest JSON document (config.json, metadata.json, model_config), in bytes (default 64 MiB). */
  maxJsonBytes: number;
  /** Deepest nesting of layers / models in a config (default 64). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: SavingLimits = {
  maxEntryBytes: 2 ** 31,
  maxTotalBytes: 2 ** 32,
  maxCompressionRatio: 1000,
  maxTensorElements: 2 ** 29,
  maxJsonBytes: 64 * 2 ** 20,
  maxDepth: 64,
};
