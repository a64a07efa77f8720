import { splitSentences } from "../corpus/mod.ts";
import type { SearchResult } from "../search/mod.ts";
import { detectLanguage } from "../text/mod.ts";
import type { Glossary } from "../text/mod.ts";
import { COMPANION_JOIN, contextCoverage, DEFAULT_SENTENCE_OPTIONS, pickAnswerSentences, rankSentences } from "./answer-sentences.ts";
import type { ScoredSentence, SentenceOptions } from "./answer-sentences.ts";
import { DEFAULT_MEANING_OPTIONS, rerankByMeaning } from "./rerank.ts";
import type { MeaningOptions, SentenceSimilarity } from "./rerank.ts";
import type { Lang } from "../text/mod.ts";
import { scoringQuestion } from "./sentence-scorer.ts";
import type { ScorerWeights, TermRarity } from "./sentence-scorer.ts";
import { DEFAULT_SOURCE_OPTIONS, groupSources } from "./sources.ts";
import type { SourceGroup, SourceOptions } from "./sources.ts";
import { decideVerdict, DEFAULT_VERDICT_THRESHOLDS, verdictSignals } from "./verdict.ts";
import type { AnswerVerdict, VerdictSignals, VerdictThresholds } from "./verdict.ts";

/** One answer sentence, as the reader sees it: the text and the window [n] it comes from. */
export interface AnswerSentence {
  text: string;
  /** The number of the source window that holds it. */
  n: number;
  /** Index of its passage among the ranked hits. */
  hit: number;
  /** Its offsets in that passage's text. */
  start: number;
  end: number;
  /** Its score as an answer (compare within one question only). */
  score: number;
  /** Whether it starts or ends inside a sentence of the passage (a long sentence cut to its clauses). */
  cutBefore: boolean;
  cutAfter: boolean;
}

/**
 * The answer to a question as data, before any rendering: the verdict, the answer sentences with
 * their [n], and the sources grouped by report. A page of "more results" has no answer sentences.
 */
export interface AnswerData {
  question: string;
  lang: Lang;
  verdict: AnswerVerdict;
  /** What the verdict was decided on. */
  signals: VerdictSignals;
  sentences: AnswerSentence[];
  groups: SourceGroup[];
  /** Hit indexes shown on this page (for "more results" and feedback). */
  shown: number[];
  /** The hit index the next page starts from, or `undefined` when nothing is left. */
  next?: number;
  /** How many ranked hits there are in all. */
  total: number;
}

/** Everything {@link extractAnswer} reads besides the search result. */
export interface ExtractOptions {
  lang?: Lang;
  rarity?: TermRarity;
  glossary?: Glossary;
  /**
   * The sentences' similarity to the question from the loaded embedding model: given, it reorders
   * the best answer candidates by meaning (see {@link rerankByMeaning}). Without a model, words decide.
   */
  similarity?: SentenceSimilarity;
  meaning?: MeaningOptions;
  sentences?: SentenceOptions;
  weights?: ScorerWeights;
  sources?: SourceOptions;
  thresholds?: VerdictThresholds;
  /** How many hits a page considers (the configured top k). */
  pageSize: number;
}

/**
 * Turns a search result into answer data: every sentence of the top passages scored against the
 * question, the answer sentence(s) picked, the verdict decided, and the sources grouped by report
 * with the answer sentences' windows among them.
 */
export async function extractAnswer(result: SearchResult, options: ExtractOptions): Promise<AnswerData> {
  const lang = options.lang ?? detectLanguage(result.question);
  const sentenceOptions = options.sentences ?? DEFAULT_SENTENCE_OPTIONS;
  const q = scoringQuestion(result.question, options.rarity, options.glossary, options.weights);
  const hits = result.hits;
  const read = Math.max(sentenceOptions.passages, Math.min(options.pageSize, hits.length));
  const eligible = (s: ScoredSentence) => s.hit < sentenceOptions.passages;
  const byWords = rankSentences(q, hits, { ...sentenceOptions, passages: read });
  const ranked = options.similarity === undefined ? byWords : await rerankByMeaning(byWords, options.similarity, eligible, options.meaning ?? DEFAULT_MEANING_OPTIONS);
  const picked = pickAnswerSentences(q, ranked.filter(eligible), hits, sentenceOptions);
  const first = picked[0];
  // How much of the question the reports hold does not shrink because meaning preferred a sentence with fewer of its words.
  const wordsFirst = ranked === byWords ? undefined : byWords.find(eligible);
  const coverage = Math.max(
    first === undefined ? 0 : contextCoverage(q, hits[first.hit]!.passage.text, first.span),
    wordsFirst === undefined || wordsFirst.scored.coverage === 0 ? 0 : contextCoverage(q, hits[wordsFirst.hit]!.passage.text, wordsFirst.span),
  );
  const signals = verdictSignals(result.verdict ?? (result.found ? "lexical" : "none"), hits.slice(0, options.pageSize), coverage, first?.scored.kindMatched);
  const verdict = decideVerdict(signals, options.thresholds ?? DEFAULT_VERDICT_THRESHOLDS, hits.length > 0);
  if (verdict === "not_found") return { question: result.question, lang, verdict, signals, sentences: [], groups: [], shown: [], total: hits.length };
  // Only an answer shows a companion: an uncertain reply bolds the closest sentence alone in its window.
  const answer = verdict === "answered" ? picked : picked.map(({ companion: _, ...s }) => s);
  const { groups, shown } = groupSources(hits, ranked, answer, { from: 0, count: options.pageSize, firstN: 1 }, options.sources ?? DEFAULT_SOURCE_OPTIONS);
  return {
    question: result.question,
    lang,
    verdict,
    signals,
    sentences: answer.flatMap((s) => answerSentence(s, groups, hits[s.hit]!.passage.text)),
    groups,
    shown,
    next: nextHit(shown, hits.length),
    total: hits.length,
  };
}

/**
 * A page of "more results": the next `pageSize` hits not shown yet, grouped the same way, each
 * window centred on its passage's best sentence; no answer sentences, verdict as given.
 */
export function extractMore(result: SearchResult, shownBefore: readonly number[], firstN: number, options: Omit<ExtractOptions, "similarity" | "meaning"> & { verdict: AnswerVerdict }): AnswerData {
  const lang = options.lang ?? detectLanguage(result.question);
  const q = scoringQuestion(result.question, options.rarity, options.glossary, options.weights);
  const exclude = new Set(shownBefore);
  const from = nextHit(shownBefore, result.hits.length) ?? result.hits.length;
  const pageHits: number[] = [];
  for (let i = from; i < result.hits.length && pageHits.length < options.pageSize; i++) if (!exclude.has(i)) pageHits.push(i);
  const last = pageHits[pageHits.length - 1] ?? from;
  const ranked = rankSentences(q, result.hits, { ...(options.sentences ?? DEFAULT_SENTENCE_OPTIONS), passages: last + 1 }).filter((s) => pageHits.includes(s.hit));
  // Every hit of the page is shown: no relative cut below the first page, and the cap is the page.
  const { groups, shown } = groupSources(result.hits, ranked, [], { from, count: options.pageSize, firstN, exclude }, { ...(options.sources ?? DEFAULT_SOURCE_OPTIONS), relativeCut: 0, maxWindows: options.pageSize });
  const all = [...shownBefore, ...shown];
  return {
    question: result.question,
    lang,
    verdict: options.verdict,
    signals: verdictSignals(result.verdict, [], 0),
    sentences: [],
    groups,
    shown,
    next: nextHit(all, result.hits.length),
    total: result.hits.length,
  };
}

function answerSentence(s: ScoredSentence, groups: readonly SourceGroup[], passageText: string): AnswerSentence[] {
  const window = groups.flatMap((g) => g.windows).find((w) => w.hits.includes(s.hit));
  if (window === undefined) return [];
  const parts = [{ span: s.span, text: s.text }, ...(s.companion === undefined ? [] : [s.companion])].sort((a, b) => a.span.start - b.span.start);
  const sentences = splitSentences(passageText);
  const start = parts[0]!.span.start;
  const end = parts[parts.length - 1]!.span.end;
  const cutBefore = !sentences.some((x) => x.start === start);
  const cutAfter = !sentences.some((x) => x.end === end);
  return [{ text: parts.map((p) => p.text).join(COMPANION_JOIN), n: window.n, hit: s.hit, start, end, score: s.rank, cutBefore, cutAfter }];
}

/** The first hit index not shown, or `undefined` when all are. */
function nextHit(shown: readonly number[], total: number): number | undefined {
  const seen = new Set(shown);
  for (let i = 0; i < total; i++) if (!seen.has(i)) return i;
  return undefined;
}
