/**
 * The search stage: a question → ranked passages (dense + lexical, fused) and a "found" decision.
 *
 * Commonly used: {@link searchPassages}. The parts are exported for evaluation and tests:
 * candidate retrieval per signal, fusion, near-duplicate removal, the relevance decision.
 */
export { searchPassages } from "./search.ts";
export { prepareSearch } from "./context.ts";
export type { Candidate } from "./candidates.ts";
export { fuseRankings, normalizeScores } from "./fuse.ts";
export { isAnswered, judgeRelevance } from "./relevance.ts";
export type { RelevanceSettings, Verdict } from "./relevance.ts";
export { SEARCH_DEFAULTS } from "./types.ts";
export type { Hit, SearchConfig, SearchContext, SearchResult } from "./types.ts";
