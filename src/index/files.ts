/** The files of one index generation. */
export const FILES = {
  manifest: "manifest.json",
  vectors: "vectors.hnsw",
  passages: "passages.bin",
  lexical: "lexical.bin",
  /** A delta generation's copy (hard link) of its base's manifest: the documents the base files number. */
  baseManifest: "base-manifest.json",
  deltaPassages: "delta-passages.bin",
  deltaVectors: "delta-vectors.bin",
  deltaLexical: "delta-lexical.bin",
} as const;

/** The files a delta generation shares with its base (hard links when the file system allows). */
export const BASE_FILES = [FILES.vectors, FILES.passages, FILES.lexical] as const;
