import { z } from "zod";
import { textReason } from "../read/mod.ts";
import type { Reason } from "../read/mod.ts";
import type { FileWarning } from "../corpus/mod.ts";

/**
 * Bump when the on-disk layout or the meaning of a stored field changes: older indexes are rebuilt
 * unless listed in {@link READABLE_SCHEMA_VERSIONS}.
 * 2: passages in a binary store (`passages.bin`) instead of `passages.json`.
 * 3: a generation may be a base plus a delta (see delta.ts). Written so that a hoidap that reads
 *    only version 2 refuses such an index (and rebuilds it) instead of serving its base without
 *    the delta, i.e. stale passages.
 */
export const SCHEMA_VERSION = 3;

/** The versions this hoidap reads: a version 2 index is a base without a delta, same files. */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [2, 3];

/** A reason as stored: a message key and its values (see read/reasons.ts). */
const ReasonSchema: z.ZodType<Reason> = z.lazy(() =>
  z.object({
    key: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number(), ReasonSchema, z.array(ReasonSchema)])).optional(),
  }),
);

/**
 * A skip reason: stored as a {@link Reason}; an index written before reasons had keys holds an
 * English line, read as a reason shown as it is (no rebuild needed).
 */
const StoredReasonSchema = z.union([ReasonSchema, z.string().transform(textReason)]);

/** A warning: stored as a file and a {@link Reason}; an older index holds a line `"<file>: <text>"`. */
const StoredWarningSchema = z.union([z.object({ file: z.string().optional(), reason: ReasonSchema }), z.string().transform(warningFromLine)]);

/** A warning stored as one line by an index written before reasons had keys: the same line once rendered. */
function warningFromLine(line: string): FileWarning {
  const at = line.indexOf(": ");
  return at <= 0 ? { reason: textReason(line) } : { file: line.slice(0, at), reason: textReason(line.slice(at + 2)) };
}

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
  warnings: z.array(StoredWarningSchema).optional(),
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
  skipped: z.array(z.object({ file: z.string(), reason: StoredReasonSchema })),
  /** Byte sizes of the generation's files, to catch a truncated copy before a native reader sees it. */
  files: z.record(z.string(), z.number().int().nonnegative()),
  /**
   * Checksums of the same files (see checksums.ts), verified before any is read. Absent in indexes
   * written before they were recorded: those are checked by size and header only.
   */
  checksums: z.record(z.string(), z.string()).optional(),
  /**
   * Identifies the base files (graph, passages, lexical segment) this generation holds: generations
   * with the same id share them byte for byte, so a loader can reuse a base it already has in
   * memory. Absent in indexes written before deltas existed (they are never reused that way).
   */
  baseId: z.string().optional(),
  /**
   * The base lexical segment's average field lengths, which a delta's passages are scored with:
   * a build that writes a delta reads them here instead of loading the whole segment. Absent in
   * indexes written before it was recorded (the segment is then loaded).
   */
  lexicalAverages: z.array(z.number()).optional(),
  /** Present when passages changed since the base was written: what the delta files hold (see delta.ts). */
  delta: z
    .object({
      /** Labels of the base graph and store (free ones included): the delta's passages are numbered from here. */
      baseLabels: z.number().int().nonnegative(),
      /** Base labels whose passages have left the index. */
      removed: z.array(z.number().int().nonnegative()),
      /** Ids of the reports whose passages live in the delta, in the order its passage store numbers them. */
      documents: z.array(z.string()),
      passages: z.number().int().nonnegative(),
    })
    .optional(),
});

/** The manifest of one index generation: model, chunking, documents, counts, build time. */
export type Manifest = z.infer<typeof ManifestSchema>;
