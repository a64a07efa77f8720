import { createHash } from "node:crypto";
import type { EvalDocument, EvalQuestion } from "./types.ts";

/**
 * Whether `name` falls in the held-out share: decided by a hash of the name, so the same
 * documents are held out on every run, in every mode, on every machine.
 */
export function isHeldOut(name: string, share: number): boolean {
  const h = createHash("sha256").update(name).digest().readUInt32BE(0);
  return h / 2 ** 32 < share;
}

/** A question set with part of its gold documents left out of the corpus. */
export interface HeldOut {
  questions: EvalQuestion[];
  /** The documents still to index (when the set brought its own). */
  documents?: EvalDocument[];
  /** Gold documents left out of the corpus. */
  removed: Set<string>;
}

/**
 * Leaves a share of the gold documents out of the corpus, so the questions about them become
 * unanswerable: a way to measure the "not found" decision on questions that are exactly as
 * specific as the answerable ones, with no hand-written unanswerable questions. Documents are
 * held out in groups: a SQuAD article with all its paragraphs (otherwise its other paragraphs
 * would still half-answer), a report on its own otherwise. A question stays answerable while one
 * of its gold documents remains.
 */
export function holdOut(questions: readonly EvalQuestion[], documents: readonly EvalDocument[] | undefined, share: number): HeldOut {
  const group = new Map<string, string>(documents?.map((d) => [d.file, d.title]));
  const golds = new Set(questions.flatMap((q) => q.docs));
  const removed = new Set([...golds].filter((doc) => isHeldOut(group.get(doc) ?? doc, share)));
  if (documents !== undefined) {
    for (const d of documents) if (isHeldOut(d.title, share)) removed.add(d.file);
  }
  return {
    questions: questions.map((q) => {
      const docs = q.docs.filter((d) => !removed.has(d));
      return docs.length === q.docs.length ? q : { ...q, docs, gold: docs.length === 0 ? [] : q.gold };
    }),
    documents: documents?.filter((d) => !removed.has(d.file)),
    removed,
  };
}
