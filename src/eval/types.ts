import type { SearchConfig } from "../search/mod.ts";
import type { SignalCalibration } from "./calibration.ts";

/** A retrieval mode the evaluation can run. */
export type EvalMode = SearchConfig["mode"];

/** One question with what counts as its answer. */
export interface EvalQuestion {
  id: string;
  question: string;
  /**
   * The documents (file names, as the index names reports) that answer it; empty for a question
   * the corpus does not answer.
   */
  docs: string[];
  /** Text that answers it; a passage holding one of these (or at least half of one) hits. */
  gold: string[];
  /** Free-form category (`factoid`, `paraphrase`, `multi-doc`, `unanswerable`, `squad`…). */
  kind: string;
  /** Language of the question (`vi`, `en`, …). */
  lang: string;
}

/** A document the evaluation indexes besides (or instead of) a corpus directory. */
export interface EvalDocument {
  /** Its file name in the evaluation corpus (forward slashes), which becomes its report id. */
  file: string;
  title: string;
  text: string;
}

/** A question set and, for sets that bring their own corpus (SQuAD), its documents. */
export interface QuestionSet {
  questions: EvalQuestion[];
  /** Documents to index; `undefined` when the questions are about an existing corpus directory. */
  documents?: EvalDocument[];
  /** Lines or entries that could not be used, one line each (`"line 7: …"`). */
  skipped: string[];
}

/** One ranked passage as the evaluation saw it. */
export interface RankedResult {
  rank: number;
  docId: string;
  passageId: string;
  title: string;
  paragraphs: [number, number];
  score: number;
  dense?: number;
  lexical?: number;
  /** The passage belongs to a gold document. */
  goldDoc: boolean;
  /** The passage holds a gold snippet (or at least half of one) and belongs to a gold document. */
  goldPassage: boolean;
  /** The first characters of the passage. */
  preview: string;
}

/** What happened to one question in one mode. */
export interface QuestionOutcome {
  id: string;
  /** The question as asked (diacritics already stripped with `--strip-diacritics`). */
  question: string;
  kind: string;
  lang: string;
  /**
   * For a Vietnamese question: `with` when it was asked with diacritics, `without` when typed
   * without any. `n/a` for questions in other languages, which have none to drop.
   */
  diacritics: "with" | "without" | "n/a";
  answerable: boolean;
  docs: string[];
  /** The search said the reports answer it. */
  found: boolean;
  /** On what evidence (`lexical`, `dense`, `agreement`, or `none` for "not found"). */
  verdict?: string;
  /** 1-based rank of the first gold document among the ranked documents, if within the depth searched. */
  docRank?: number;
  /** 1-based rank of the first passage that hits, if within the depth searched. */
  passageRank?: number;
  ms: number;
  results: RankedResult[];
}

/** Aggregate figures over a group of questions. */
export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Document-level hit@k over answerable questions, keyed by k. */
  docHit: Record<number, number>;
  /** Mean reciprocal rank of the first gold document, cut at the evaluation depth. */
  mrr: number;
  /** Passage-level hit@k over answerable questions, keyed by k. */
  passageHit: Record<number, number>;
  /** Share of unanswerable questions answered "not found" (NaN when there are none). */
  notFoundUnanswerable: number;
  /** Share of answerable questions wrongly answered "not found" (NaN when there are none). */
  notFoundAnswerable: number;
  /** Mean search time per question, milliseconds. */
  msPerQuestion: number;
}

/** Every figure of one mode: overall and broken down by kind, language and diacritics. */
export interface ModeReport {
  mode: EvalMode;
  overall: Metrics;
  byKind: Record<string, Metrics>;
  byLang: Record<string, Metrics>;
  byDiacritics: Record<string, Metrics>;
  seconds: number;
  /** How the "not found" signals split answerable from unanswerable questions (when there are both). */
  calibration: SignalCalibration[];
  outcomes: QuestionOutcome[];
}

/** The whole evaluation: what was run, on what, with what model, and the figures per mode. */
export interface EvalReport {
  model: string;
  dimensions: number;
  k: number;
  cutoffs: number[];
  stripDiacritics: boolean;
  search: Omit<SearchConfig, "mode" | "glossaryFile"> & { glossary?: string };
  corpus: { reports: number; passages: number; distractors: number; skipped: number; buildSeconds: number; indexDir: string; reused: boolean };
  questions: {
    total: number;
    answerable: number;
    unanswerable: number;
    skipped: string[];
    /** Gold documents the index does not hold (a sign of the wrong corpus). */
    missingDocs: string[];
    /** Gold documents left out on purpose (`holdout`), which made their questions unanswerable. */
    heldOut: number;
  };
  modes: ModeReport[];
  seconds: number;
}
