import { z } from "zod";

/**
 * Bump when the on-disk layout or the meaning of a stored field changes: older indexes are rebuilt.
 * 2: passages in a binary store (`passages.bin`) instead of `passages.json`.
 */
export const SCHEMA_VERSION = 2;

const DocumentEntrySchema = z.object({
  id: z.string(),
  file: z.string(),
  title: z.string(),
  date: z.string().optional(),
  dateText: z.string().optional(),
  author: z.string().optional(),
  url: z.string().optional(),
  organisation: z.string().optional(),
  contentHash: z.string(),
  passageCount: z.number().int().nonnegative(),
  paragraphCount: z.number().int().nonnegative(),
  // Optional: manifests written before scans were reused have neither, and get their reports read once more.
  stamp: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

/** The manifest of one index generation, validated on load. */
export const ManifestSchema = z.object({
  schemaVersion: z.number().int(),
  model: z.object({
    id: z.string(),
    dimensions: z.number().int().positive(),
    quantized: z.boolean(),
    queryPrefix: z.string(),
    passagePrefix: z.string(),
  }),
  chunking: z.object({
    targetWords: z.number().int(),
    maxWords: z.number().int(),
    overlapSentences: z.number().int(),
  }),
  hnsw: z.object({ m: z.number().int(), efConstruction: z.number().int() }),
  /** Version of the lexical text processing: a change there means the lexical index is rebuilt. */
  lexicalVersion: z.string(),
  builtAt: z.string(),
  buildMs: z.number(),
  counts: z.object({ reports: z.number().int(), passages: z.number().int(), labels: z.number().int() }),
  documents: z.array(DocumentEntrySchema),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  /** Byte sizes of the generation's files, to catch a truncated copy before a native reader sees it. */
  files: z.record(z.string(), z.number().int().nonnegative()),
});

/** The manifest of one index generation: model, chunking, documents, counts, build time. */
export type Manifest = z.infer<typeof ManifestSchema>;
