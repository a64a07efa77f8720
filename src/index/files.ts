/** The files of one index generation. */
export const FILES = {
  manifest: "manifest.json",
  vectors: "vectors.hnsw",
  passages: "passages.bin",
  lexical: "lexical.bin",
} as const;
