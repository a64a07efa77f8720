import type { DocumentEntry, IndexedPassage, SearchableIndex } from "../index/mod.ts";
import { COMMON_TERM_SHARE } from "../keyword/mod.ts";
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
  /** The question's embedding, when the search made one (not in keyword mode). */
  queryVector?: Float32Array;
  /** Time spent embedding the question and searching, in milliseconds. */
  timings: { embedMs: number; searchMs: number };
}

/** Everything a search reads: the index in force, the embedder, the glossary, the settings. */
export interface SearchContext {
  index: SearchableIndex;
  embedder: Pick<Embedder, "embedQuery">;
  glossary?: Glossary;
  config: SearchConfig;
}

/** How questions are matched against passages. */
export interface SearchConfig {
  mode: "hybrid" | "dense" | "lexical";
  topK: number;
  candidates: number;
  fusion: "rrf" | "weighted";
  rrfK: number;
  denseWeight: number;
  /** Weight of term proximity in the lexical ranking, relative to the best BM25 score (0 = plain BM25). */
  proximityWeight: number;
  /**
   * Keyword search in a large index: terms in more than this share of passages score passages
   * but do not select them (faster on long questions; 1 = exact BM25). See COMMON_TERM_SHARE.
   */
  lexicalCommonShare: number;
  /** HNSW search breadth: candidates the graph search keeps (higher: better recall, slower). */
  efSearch: number;
  /** Cosine similarity from which the dense side alone counts as an answer (model-specific). */
  minDenseScore: number;
  /** Lexical relevance from which the lexical side alone counts as an answer. */
  minLexicalScore: number;
  /** Lexical relevance that suffices when both retrievers agree on the top passage (hybrid). */
  minAgreedLexicalScore: number;
  glossaryFile: string;
}

/**
 * The search stage's defaults; docs/evaluation.md has the measurements behind them. `efSearch` 600
 * reaches recall@10 0.99 with the default graph (see `HNSW_DEFAULTS`); `glossaryFile` is relative
 * to the working directory.
 */
export const SEARCH_DEFAULTS = {
  mode: "hybrid",
  topK: 5,
  candidates: 50,
  fusion: "weighted",
  rrfK: 60,
  denseWeight: 0.3,
  proximityWeight: 0.1,
  lexicalCommonShare: COMMON_TERM_SHARE,
  efSearch: 600,
  minDenseScore: 0.8,
  minLexicalScore: 0.2,
  minAgreedLexicalScore: 0.05,
  glossaryFile: "prompts/glossary.json",
} as const satisfies SearchConfig;
