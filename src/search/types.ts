import type { SearchConfig } from "../config.ts";
import type { DocumentEntry, IndexedPassage, LoadedIndex } from "../index/mod.ts";
import type { Embedder } from "../embed/mod.ts";
import type { Glossary } from "../text/mod.ts";
import type { Verdict } from "./relevance.ts";

/** One ranked passage with the report it comes from and the signals that ranked it. */
export interface Hit {
  passage: IndexedPassage;
  document: DocumentEntry;
  /** The fused score the ranking is sorted by (its scale depends on the fusion method). */
  score: number;
  /** Cosine similarity of question and passage, when the passage was a dense candidate. */
  dense?: number;
  /** Lexical relevance in [0, 1] (share of the question's weighted terms the passage matches). */
  lexical?: number;
  /** 1-based rank in the dense candidates, when the passage was one. */
  denseRank?: number;
  /** 1-based rank in the lexical candidates, when the passage was one. */
  lexicalRank?: number;
}

/** The ranked passages for a question, and whether the reports answer it at all. */
export interface SearchResult {
  question: string;
  /** Ranked passages, near-duplicates removed, best first (more than `topK`, for "more results"). */
  hits: Hit[];
  /** False when nothing passes the relevance thresholds: the reports do not answer the question. */
  found: boolean;
  /**
   * The evidence `found` rests on (`none` when not found); see `judgeRelevance`. Always set by
   * `searchPassages`; optional so that results made elsewhere (fixtures) need not invent one.
   */
  verdict?: Verdict;
  mode: SearchConfig["mode"];
  /** Time spent embedding the question and searching, in milliseconds. */
  timings: { embedMs: number; searchMs: number };
}

/** Everything a search reads: the index in force, the embedder, the glossary, the settings. */
export interface SearchContext {
  index: LoadedIndex;
  embedder: Embedder;
  glossary?: Glossary;
  config: SearchConfig;
  efSearch: number;
}
