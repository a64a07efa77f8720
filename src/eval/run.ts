import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Config } from "../config.ts";
import { loadEmbedder, similarityTo } from "../embed/mod.ts";
import type { Embedder } from "../embed/mod.ts";
import { buildIndex } from "../ingest/mod.ts";
import { answerSettings, extractAnswer } from "../answer/mod.ts";
import type { AnswerData, MeaningOptions, SourceOptions, VerdictThresholds } from "../answer/mod.ts";
import { fitReply, loadMessages, replyHtml } from "../render/mod.ts";
import { prepareSearch, searchPassages } from "../search/mod.ts";
import type { SearchContext } from "../search/mod.ts";
import { foldDiacritics } from "../text/mod.ts";
import { calibrate } from "./calibration.ts";
import { writeEvalCorpus } from "./corpus.ts";
import { loadDistractors } from "./distractors.ts";
import { holdOut } from "./holdout.ts";
import { isGoldDocument, judgeAnswer, judgeSearch } from "./judge.ts";
import { breakdown, cutoffsFor, summarize } from "./metrics.ts";
import { loadQuestions } from "./questions.ts";
import { loadSquad } from "./squad.ts";
import type { EvalDocument, EvalMode, EvalQuestion, EvalReport, ModeReport } from "./types.ts";

/** What to evaluate, as the `npm run eval` flags say it. */
export interface EvalOptions {
  /** A JSONL question file (the format of `seeds-dev.jsonl`); or give `squad`. */
  questions?: string;
  /** A SQuAD JSON file: its paragraphs are the corpus, its questions the questions. */
  squad?: string;
  /** Reports the questions are about (default: the configured seeds directory). With `squad`: added to its paragraphs. */
  corpus?: string;
  /** JSONL(.gz) of documents (`id`, `title`, `text`) that answer none of the questions. */
  distractors?: string;
  distractorsLimit?: number;
  /** Build (or update) the index here and keep it, instead of a throwaway one; a second run then re-embeds nothing. */
  indexDir?: string;
  /** Ranking depth: hit@k, MRR@k, and how many results per question the JSON keeps. */
  k: number;
  modes: EvalMode[];
  /**
   * Leave this share (0–1) of the gold documents out of the index, so the questions about them
   * become unanswerable: measures the "not found" decision without hand-written unanswerable
   * questions (see {@link holdOut}).
   */
  holdout?: number;
  /** Remove every diacritic from the questions first (as typed on a phone without a Vietnamese keyboard). */
  stripDiacritics: boolean;
  /** One line per step, for the terminal. */
  onProgress?: (line: string) => void;
  /** Use this embedder instead of loading the configured model (tests). */
  embedder?: Embedder;
  /** Aborting stops the run between steps; temporary files are still removed. */
  signal?: AbortSignal;
}

/** A question set ready to run, with the corpus directory its index is built from. */
interface Prepared {
  questions: EvalQuestion[];
  skipped: string[];
  seedsDir: string;
  distractors: number;
  /** Gold documents left out by `holdout`. */
  heldOut: number;
}

async function prepare(config: Config, options: EvalOptions, scratch: () => Promise<string>): Promise<Prepared> {
  if ((options.questions === undefined) === (options.squad === undefined)) {
    throw new Error("give either a question file (--questions) or a SQuAD file (--squad)");
  }
  const set = options.squad !== undefined ? await loadSquad(options.squad) : await loadQuestions(options.questions!);
  const skipped = [...set.skipped];
  const held = holdOut(set.questions, set.documents, options.holdout ?? 0);
  const questions = held.questions;
  const extra: EvalDocument[] = [...(held.documents ?? [])];
  let distractors = 0;
  if (options.distractors !== undefined) {
    const loaded = await loadDistractors(options.distractors, options.distractorsLimit);
    extra.push(...loaded.documents);
    distractors = loaded.documents.length;
    skipped.push(...loaded.skipped.map((s) => `distractors ${s}`));
  }
  const base = set.documents !== undefined ? options.corpus : (options.corpus ?? config.corpus.seedsDir);
  const heldOut = held.removed.size;
  if (extra.length === 0 && heldOut === 0 && base !== undefined) return { questions, skipped, seedsDir: base, distractors, heldOut };
  const seedsDir = path.join(await scratch(), "corpus");
  options.onProgress?.(`writing ${extra.length} documents${base !== undefined ? ` and the reports of ${base}` : ""} to ${seedsDir}`);
  await writeEvalCorpus(seedsDir, extra, base, held.removed);
  return { questions, skipped, seedsDir, distractors, heldOut };
}


/**
 * Asks every question in one mode and judges the answers. Exported so that measurements (fusion
 * methods, weights, thresholds) can run many settings against one built index.
 */
export async function evaluateMode(
  context: SearchContext,
  questions: readonly EvalQuestion[],
  mode: EvalMode,
  options: Pick<EvalOptions, "k" | "stripDiacritics" | "onProgress" | "signal"> & {
    /** The first reply as the bot sends it, to measure its length. */
    render?: (answer: AnswerData) => string;
    /** The verdict boundaries and source options (default: the answer stage's). */
    thresholds?: VerdictThresholds;
    sources?: SourceOptions;
    meaning?: MeaningOptions;
    /** The model that weighs answer sentences by meaning, as the bot's loaded model does (not in keyword mode). */
    sentenceEmbedder?: Pick<Embedder, "embedQuery" | "embedPassages">;
  },
): Promise<ModeReport> {
  const started = performance.now();
  const cutoffs = cutoffsFor(options.k);
  const asMode = { ...context, config: { ...context.config, mode } };
  const rarities = new Map<string, number>();
  const rarity = (term: string) => {
    let r = rarities.get(term);
    if (r === undefined) rarities.set(term, (r = context.index.termRarity(term)));
    return r;
  };
  const outcomes = [];
  for (const [i, question] of questions.entries()) {
    // A lexical search never waits on anything: let signals (Ctrl-C) through now and then.
    if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    const asked = options.stripDiacritics ? foldDiacritics(question.question) : question.question;
    const t0 = performance.now();
    // Deeper than k: the document ranking needs k distinct documents, and a document's passages repeat.
    const result = await searchPassages(asMode, asked, { keep: 3 * options.k });
    const ms = performance.now() - t0;
    const outcome = judgeSearch(question, { asked, hits: result.hits, found: result.found, verdict: result.verdict, ms }, options.k);
    // The answer exactly as the bot composes it: the same search result, the same sentence scoring;
    // keyword mode stands for the bot without its model, so the model weighs sentences only in the others.
    const similarity = mode === "lexical" || options.sentenceEmbedder === undefined ? undefined : similarityTo(options.sentenceEmbedder, asked, result.queryVector);
    const answer = await extractAnswer(result, { rarity, glossary: context.glossary, pageSize: context.config.topK, thresholds: options.thresholds, sources: options.sources, meaning: options.meaning, similarity });
    const first = answer.sentences[0];
    outcomes.push({
      ...outcome,
      ...judgeAnswer(question, {
        verdict: answer.verdict,
        sentence: first === undefined ? undefined : { text: first.text, docId: result.hits[first.hit]!.passage.docId },
        messageChars: options.render?.(answer).length,
      }),
      answerSignals: { ...answer.signals },
    });
  }
  return {
    mode,
    overall: summarize(outcomes, cutoffs, options.k),
    byKind: breakdown(outcomes, (o) => o.kind, cutoffs, options.k),
    byLang: breakdown(outcomes, (o) => o.lang, cutoffs, options.k),
    byDiacritics: breakdown(outcomes, (o) => o.diacritics, cutoffs, options.k),
    seconds: (performance.now() - started) / 1000,
    calibration: calibrate(outcomes, context.config.topK),
    outcomes,
  };
}

/**
 * Runs an evaluation: reads the questions (and, for SQuAD, their paragraphs), adds distractors,
 * builds an index of it all with the configured model and chunking (in a temporary directory that
 * is removed afterwards, unless `indexDir` is given), asks every question in every mode, and
 * returns every figure and every question's ranked results.
 */
export async function runEval(config: Config, options: EvalOptions): Promise<EvalReport> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  let scratchDir: string | undefined;
  const scratch = async () => (scratchDir ??= await mkdtemp(path.join(os.tmpdir(), "hoidap-eval-")));
  const embedder = options.embedder ?? (await loadEmbedder(config.embedding));
  try {
    const prepared = await prepare(config, options, scratch);
    const indexDir = options.indexDir ?? path.join(await scratch(), "index");
    progress(`indexing ${prepared.seedsDir} with ${embedder.modelId} (${embedder.dimensions} dimensions) into ${indexDir}`);
    const buildStart = performance.now();
    let lastPhase = "";
    let lastLine = 0;
    const { index, summary } = await buildIndex({
      corpus: { ...config.corpus, seedsDir: prepared.seedsDir },
      index: { ...config.index, dir: indexDir },
      embedding: config.embedding,
      embedder,
      signal: options.signal,
      onProgress: (p) => {
        // A line per phase, and one every half minute while embedding a large corpus.
        if (p.phase === lastPhase && p.elapsedMs - lastLine < 30_000) return;
        const done = p.phase === "embed" ? `, ${p.passagesDone} embedded` : "";
        progress(`  ${p.phase}: ${p.reportsTotal} reports, ${p.passagesTotal} passages${done}, ${(p.elapsedMs / 1000).toFixed(1)} s`);
        lastPhase = p.phase;
        lastLine = p.elapsedMs;
      },
    });
    const buildSeconds = (performance.now() - buildStart) / 1000;
    const indexed = [...index.documents.keys()];
    const missingDocs = [...new Set(prepared.questions.flatMap((q) => q.docs))].filter((d) => !indexed.some((id) => isGoldDocument(id, [d])));

    const context: SearchContext = { ...prepareSearch(embedder, config.search), index };
    const messages = loadMessages();
    const render = (answer: AnswerData) => replyHtml(fitReply(answer, messages), messages)[0] ?? "";
    const modes: ModeReport[] = [];
    for (const mode of options.modes) {
      progress(`asking ${prepared.questions.length} questions, ${mode}`);
      modes.push(await evaluateMode(context, prepared.questions, mode, { ...options, render, sentenceEmbedder: embedder, ...answerSettings(config.answer) }));
    }
    const { glossaryFile: _glossaryFile, mode: _mode, ...search } = config.search;
    const answerable = prepared.questions.filter((q) => q.docs.length > 0).length;
    return {
      model: embedder.modelId,
      dimensions: embedder.dimensions,
      k: options.k,
      cutoffs: cutoffsFor(options.k),
      stripDiacritics: options.stripDiacritics,
      search: { ...search, glossary: context.glossary?.source },
      corpus: {
        reports: summary.reports,
        passages: summary.passages,
        distractors: prepared.distractors,
        skipped: summary.skipped.length,
        buildSeconds,
        indexDir: options.indexDir ?? "(temporary, removed)",
        reused: summary.passagesEmbedded < summary.passages,
      },
      questions: {
        total: prepared.questions.length,
        answerable,
        unanswerable: prepared.questions.length - answerable,
        skipped: prepared.skipped,
        missingDocs,
        heldOut: prepared.heldOut,
      },
      modes,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (options.embedder === undefined) await embedder.dispose();
    if (scratchDir !== undefined) await rm(scratchDir, { recursive: true, force: true });
  }
}
