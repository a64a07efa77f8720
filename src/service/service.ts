import { existsSync } from "node:fs";
import type { Config } from "../config.ts";
import { answerSettings, composeAnswer, extractAnswer, extractMore } from "../answer/mod.ts";
import type { Answer, AnswerData, AnswerPage, AnswerVerdict } from "../answer/mod.ts";
import type { Lang } from "../text/mod.ts";
import { EmbedderLoadError, NO_MODEL, keywordOnlyEmbedder, loadEmbedder, similarityTo } from "../embed/mod.ts";
import type { Embedder } from "../embed/mod.ts";
import { IndexError, incompatibility, loadGeneration, loadServingIndex } from "../index/mod.ts";
import { LEXICAL_VERSION } from "../keyword/mod.ts";
import { buildIndex, modelFingerprint } from "../ingest/mod.ts";
import type { BuildProgress, BuildSummary, DocumentEntry, IndexedPassage, LoadedIndex } from "../index/mod.ts";
import type { Logger } from "../log.ts";
import { prepareSearch, searchPassages } from "../search/mod.ts";
import type { SearchResult } from "../search/mod.ts";
import { removeInvisible } from "../text/mod.ts";
import { englishReason, englishWarning } from "../render/mod.ts";
import { createIndexHolder } from "./index-holder.ts";
import { runReindexProcess } from "./reindex-process.ts";
import type { ChildEmbedderSource, EmbedderModule } from "./reindex-protocol.ts";

/**
 * Why questions are matched by keywords only: EMBEDDING_MODEL=none (`configured`), the model could
 * not be loaded (`model-unavailable`, with the load error: cause and fix), or the passages are
 * still being embedded in the background (`embedding`).
 */
export type KeywordOnlyReason = { kind: "configured" } | { kind: "model-unavailable"; message: string } | { kind: "embedding" };

/** What the service reports about itself (for `/status`). */
export interface ServiceStatus {
  /** The model of the index in force ("none" for an index without vectors). */
  model: string;
  dimensions: number;
  /** Set while questions are matched by keywords only, and why. */
  keywordOnly?: KeywordOnlyReason;
  /** The background embedding of a keyword-only index, while it runs. */
  embedding?: BuildProgress;
  reports: number;
  passages: number;
  /** When the index in force was built (ISO). */
  builtAt: string;
  lastReindex?: BuildSummary;
  reindexing?: BuildProgress;
  startedAt: Date;
  /**
   * Set when the index in force at start was damaged: whether an older intact generation is
   * served (and a reindex brings it up to date in the background) or the index was rebuilt.
   */
  recovery?: { action: "previous" | "rebuilt"; reason: string };
}

/** A passage with the report it belongs to and its neighbours in that report (for "full passage"). */
export interface PassageContext {
  passage: IndexedPassage;
  document: DocumentEntry;
  before?: IndexedPassage;
  after?: IndexedPassage;
}

/**
 * The question-answering service the bot and the command line share: it holds the index in force,
 * answers from it, and replaces it atomically when a reindex finishes.
 */
export interface QaService {
  readonly config: Config;
  /** Ranked passages for a question (the search step alone). */
  search(question: string): Promise<SearchResult>;
  /**
   * A cited answer: `data` is the reply's content (answer sentences, sources grouped by report,
   * the verdict); `answer` the page of ranked passages the written (LLM) answer is made from.
   */
  ask(question: string, page?: Partial<AnswerPage>, lang?: Lang): Promise<{ answer: Answer; result: SearchResult; data: AnswerData }>;
  /**
   * "More results" for an earlier answer: the next passages not shown yet (`shown`: hit indexes),
   * grouped the same way, windows numbered from `firstN`.
   */
  more(result: SearchResult, shown: readonly number[], firstN: number, verdict: AnswerVerdict, lang?: Lang): Promise<AnswerData>;
  /** Renders another page of an earlier search without searching again. */
  page(result: SearchResult, page: AnswerPage, lang?: Lang): Answer;
  /** The indexed reports, in index order. */
  sources(): DocumentEntry[];
  passage(id: string): PassageContext | undefined;
  status(): ServiceStatus;
  /**
   * Updates the index from the seeds directory (incrementally) and puts the result in force.
   * One at a time: while one runs, a second call joins it (same promise). Questions are answered
   * from the old index until the new one is complete; on failure the old one stays.
   */
  reindex(onProgress?: (p: BuildProgress) => void): Promise<BuildSummary>;
  /** The progress of the reindex under way, if any. */
  reindexing(): BuildProgress | undefined;
  /** Stops a reindex under way (the old index stays on disk), then releases the index's file and the model. */
  close(): Promise<void>;
}

/** Options for {@link openQaService}. */
export interface OpenOptions {
  logger: Logger;
  /** Use this embedder instead of loading the configured model (tests, benchmarks). */
  embedder?: Embedder;
  /**
   * How the reindex process makes its embedder when `embedder` is given: a module it imports (the
   * bench). Without it, that process asks this one to embed the passages with `embedder` over IPC —
   * the very same embedder, but the embedding then runs here, so that is for tests. Without
   * `embedder`, the reindex process loads the configured model itself.
   */
  reindexEmbedder?: EmbedderModule;
  /**
   * How many steps lower the reindex process's CPU priority (nice) is than this process's, so the
   * kernel gives questions the cores first: default 10 (capped at nice 19). With an injected
   * `embedder` and no `reindexEmbedder` the default is 0: the passages are embedded here then, the
   * child only waits and writes, and a low priority would only make it crawl on a busy test machine.
   */
  reindexNice?: number;
  /**
   * Whether serving an older generation (the one in force being damaged) starts a reindex over it
   * at once, to add back what it lacks and drop the damaged one (default true; false for tests
   * that only look at what is served).
   */
  updateAfterFallback?: boolean;
  /** Called while the first index is built, when there is none yet. */
  onBuildProgress?: (p: BuildProgress) => void;
  /**
   * The first index (none yet, or one of another model) is written keyword-only and served at
   * once, and its passages are embedded afterwards in the reindex process — as are those of a
   * keyword-only index found at start; the service switches to hybrid search when they are all
   * embedded. Without it, a first index is built complete before the service opens, and a
   * keyword-only one gets its vectors at the next `reindex()`. Default: true when the service
   * loads the configured model (the bot), false with an injected `embedder` (tests, the bench).
   */
  progressive?: boolean;
}

/**
 * The embedder the service answers with: the injected one, none for EMBEDDING_MODEL=none, or the
 * configured model — and when that cannot be loaded, none, with the reason.
 */
async function openEmbedder(config: Config, options: OpenOptions): Promise<{ embedder?: Embedder; reason?: KeywordOnlyReason }> {
  if (options.embedder !== undefined) return { embedder: options.embedder };
  if (config.embedding.model === NO_MODEL) return { reason: { kind: "configured" } };
  try {
    return { embedder: await loadEmbedder(config.embedding) };
  } catch (error) {
    if (!(error instanceof EmbedderLoadError)) throw error;
    // One line: the load error already names the model, the cause and the ways to provide it.
    options.logger.warn(`keyword search only: ${error.message}`);
    return { reason: { kind: "model-unavailable", message: error.message } };
  }
}

/** How often the background embedding logs its progress. */
const FILL_LOG_INTERVAL_MS = 30_000;

/**
 * A question that arrives while this many others are being answered is answered by the words
 * alone: weighing its candidates by meaning takes the model a tenth of a second or more, holding
 * the event loop, and in a burst (fifty staff after a meeting) that time is better spent answering
 * everyone. One per core; see docs/measurements/2026-12-02-answer-meaning.md.
 */
const MEANING_WHILE_ANSWERING = 2;

/** Whether an index holds no vectors (written keyword-only). */
const keywordOnlyIndex = (index: LoadedIndex) => index.manifest.model.id === NO_MODEL;

/**
 * Loads the model, the glossary and the index in force. When there is no usable index yet (first
 * start, or the model or passage settings changed) it builds one first, so a fresh install answers
 * questions without a separate indexing step.
 */
export async function openQaService(config: Config, options: OpenOptions): Promise<QaService> {
  const log = options.logger;
  const opened = await openEmbedder(config, options);
  // Set once; a model that could not be loaded at start is tried again at each reindex (see `reindex`).
  let embedder = opened.embedder;
  const progressive = options.progressive ?? options.embedder === undefined;
  const keywordFingerprint = modelFingerprint({ embedder: keywordOnlyEmbedder, embedding: config.embedding });
  let fingerprint = embedder === undefined ? keywordFingerprint : modelFingerprint({ embedder, embedding: config.embedding });
  // The glossary is read once; the embedder and the mode are chosen per search (see `searchConfig`).
  const searching = prepareSearch(keywordOnlyEmbedder, config.search);

  let index: LoadedIndex | undefined;
  let recovery: ServiceStatus["recovery"];
  try {
    const serving = await loadServingIndex(config.index.dir);
    index = serving.index;
    if (serving.damaged !== undefined) {
      recovery = { action: "previous", reason: serving.damaged.message };
      log.warn({ reason: serving.damaged.message, serving: index.dir }, "index damaged; serving the previous generation, updating it in the background");
    }
    // Without a model any index serves keyword search (its vectors, if any, are kept for when the
    // model is back); a keyword-only one serves a model too, while its vectors are added.
    const model = embedder === undefined ? index.manifest.model : keywordOnlyIndex(index) ? keywordFingerprint : fingerprint;
    const reason = incompatibility(index.manifest, model, config.corpus.chunk);
    if (reason !== undefined) {
      log.warn({ reason }, "index does not match the configuration; rebuilding");
      index.close();
      index = undefined;
    }
  } catch (error) {
    if (!(error instanceof IndexError)) throw error;
    log.warn({ reason: error.message }, error.kind === "missing" ? "no index yet; building it" : "index unusable; rebuilding");
    if (error.kind === "corrupt") recovery = { action: "rebuilt", reason: error.message };
  }

  if (index !== undefined && !existsSync(config.corpus.seedsDir)) {
    log.warn({ seedsDir: config.corpus.seedsDir }, "the reports folder (SEEDS_DIR) does not exist; serving the existing index, and a reindex fails until it does");
  }

  // The index in force; replaced indexes are closed once no search uses them.
  const holder = createIndexHolder(index);
  let lastReindex: BuildSummary | undefined;
  let running: { promise: Promise<BuildSummary>; progress?: BuildProgress; listeners: Set<(p: BuildProgress) => void>; abort: AbortController } | undefined;

  let childEmbedder: ChildEmbedderSource =
    embedder === undefined
      ? { kind: "none" }
      : options.reindexEmbedder !== undefined
        ? { kind: "module", spec: options.reindexEmbedder }
        : options.embedder !== undefined
          ? { kind: "parent" }
          : { kind: "config" };

  /**
   * Builds the next index: in this process when there is nothing to serve yet (first start), else
   * in a low-priority child process, then loads the generation it wrote. Either way the index in
   * force is only replaced by a complete new one.
   */
  const build = async (previous: LoadedIndex | undefined, onProgress?: (p: BuildProgress) => void) => {
    const abort = new AbortController();
    const listeners = new Set<(p: BuildProgress) => void>(onProgress ? [onProgress] : []);
    const state = { promise: undefined as unknown as Promise<BuildSummary>, progress: undefined as BuildProgress | undefined, listeners, abort };
    const report = (p: BuildProgress) => {
      state.progress = p;
      for (const listener of listeners) listener(p);
    };
    state.promise = (async () => {
      const started = Date.now();
      let next: LoadedIndex;
      let summary: BuildSummary;
      // A keyword-only index gets its vectors (the fill), rather than an incremental update.
      const fill = previous !== undefined && embedder !== undefined && keywordOnlyIndex(previous);
      if (previous === undefined) {
        ({ index: next, summary } = await buildIndex({
          corpus: config.corpus,
          index: config.index,
          embedding: config.embedding,
          embedder: embedder === undefined || progressive ? keywordOnlyEmbedder : embedder,
          signal: abort.signal,
          onProgress: report,
        }));
      } else {
        const active = embedder ?? keywordOnlyEmbedder;
        const result = await runReindexProcess({
          job: {
            task: fill ? "fill" : "build",
            corpus: config.corpus,
            index: config.index,
            embedding: config.embedding,
            embedder: childEmbedder,
            model: { id: active.modelId, dimensions: active.dimensions },
            previousDir: previous.dir,
          },
          embedder: active,
          niceStep: options.reindexNice ?? (childEmbedder.kind === "parent" ? 0 : undefined),
          onProgress: report,
          signal: abort.signal,
          log,
        });
        // Loading has synchronous parts (parsing the passages, decoding the lexical segment) that
        // hold this event loop; logged so the pause can be seen.
        if (result.summary.written === "none") {
          // Nothing changed: the index in force stays, nothing is loaded again.
          lastReindex = { ...result.summary, durationMs: Date.now() - started };
          log.info({ reports: lastReindex.reports, skipped: lastReindex.skipped.length, ms: lastReindex.durationMs }, "index up to date: nothing changed in the reports");
          return lastReindex;
        }
        const loadStart = performance.now();
        next = await loadGeneration(result.dir, { reuse: previous });
        const reason = incompatibility(next.manifest, fill || embedder !== undefined ? fingerprint : next.manifest.model, config.corpus.chunk);
        if (reason !== undefined) {
          next.close();
          throw new Error(`the reindex process wrote an index that does not match: ${reason}`);
        }
        if (fill) log.info({ passages: next.manifest.counts.passages, resumed: result.summary.resumedPassages ?? 0 }, "all passages embedded: hybrid search from now on");
        log.info({ ms: Math.round(performance.now() - loadStart), dir: result.dir }, "new index loaded");
        summary = { ...result.summary, durationMs: Date.now() - started };
      }
      holder.replace(next);
      lastReindex = summary;
      for (const s of summary.skipped) log.warn({ file: s.file, reason: englishReason(s.reason) }, "report skipped");
      log.info({ ...summary, skipped: summary.skipped.length, warnings: summary.warnings.map(englishWarning) }, "index updated");
      return summary;
    })();
    running = state;
    try {
      return await state.promise;
    } finally {
      running = undefined;
    }
  };

  if (index === undefined) await build(undefined, options.onBuildProgress);
  else if (embedder !== undefined && keywordOnlyIndex(index)) {
    // Started below, once the first build (if any) is in force.
  } else if (recovery?.action === "previous" && options.updateAfterFallback !== false) {
    // The reports indexed since that generation are added back, and the damaged one is removed.
    build(index).catch((error: unknown) => log.warn({ err: error }, "updating the previous generation failed; it keeps serving"));
  } else if (index.manifest.lexicalVersion !== LEXICAL_VERSION) {
    // Its keyword index was rebuilt from the passages on load (an older version wrote it): write
    // it anew in the background, so the next start reads it instead of rebuilding it again.
    log.info({ lexicalVersion: index.manifest.lexicalVersion }, "keyword index from an older version; updating it in the background");
    build(index).catch((error: unknown) => log.warn({ err: error }, "updating the keyword index failed; it is rebuilt on the next start"));
  }
  const current = () => holder.current();
  const startedAt = new Date();

  const reindexUnderWay = () => running?.promise;

  /** Embeds the passages of the keyword-only index in force in the background; the service turns hybrid when done. */
  const fillInBackground = () => {
    if (embedder === undefined || !keywordOnlyIndex(current()) || running !== undefined) return;
    let lastLog = 0;
    build(current(), (p) => {
      if (p.phase !== "embed" || Date.now() - lastLog < FILL_LOG_INTERVAL_MS) return;
      lastLog = Date.now();
      log.info({ done: p.passagesDone, total: p.passagesTotal, remainingS: p.remainingMs === undefined ? undefined : Math.round(p.remainingMs / 1000) }, "embedding passages in the background (keyword search meanwhile)");
    }).catch((error: unknown) => {
      if ((error as Error).name !== "AbortError") log.warn({ reason: (error as Error).message }, "embedding the passages failed; keyword search continues, the next reindex resumes it");
    });
  };
  if (progressive && embedder !== undefined && keywordOnlyIndex(current())) {
    log.info({ passages: current().manifest.counts.passages }, "serving keyword search; embedding the passages in the background");
    fillInBackground();
  }

  /**
   * Keyword search when there is no model, or the index in force has no vectors of it (none yet, or
   * another model's, kept while the model was missing); else as configured.
   */
  const searchConfig = (index: LoadedIndex) =>
    embedder === undefined || incompatibility(index.manifest, fingerprint) !== undefined ? { ...config.search, mode: "lexical" as const } : config.search;
  const searchIn = (index: LoadedIndex, question: string) =>
    // Invisible characters out first: the model would read a zero-width space as a token of its own.
    searchPassages({ ...searching, embedder: embedder ?? keywordOnlyEmbedder, config: searchConfig(index), index }, removeInvisible(question));
  const search = (question: string) => holder.use((index) => searchIn(index, question));

  const settings = answerSettings(config.answer);
  /** Questions being answered now (see {@link MEANING_WHILE_ANSWERING}). */
  let answering = 0;
  /**
   * With the model loaded, it also weighs the answer candidates by meaning, even while its vectors
   * are still being filled in. A model that fails there has no opinion: the words decide, and the
   * question is still answered.
   */
  const meaningOf = (model: Embedder, result: SearchResult) => {
    const similarity = similarityTo(model, result.question, result.queryVector);
    return async (texts: readonly string[]) => {
      try {
        return await similarity(texts);
      } catch (error) {
        log.warn({ err: error }, "weighing answer sentences by meaning failed; the words alone chose the answer");
        return texts.map(() => 0);
      }
    };
  };
  /** IDF of a folded word in the index in force (`termRarity`), for scoring answer sentences. */
  const rarityIn = (index: LoadedIndex) => {
    const seen = new Map<string, number>();
    return (term: string): number => {
      let r = seen.get(term);
      if (r === undefined) seen.set(term, (r = index.termRarity(term)));
      return r;
    };
  };

  return {
    config,
    search,
    async ask(question, page, lang) {
      const busy = ++answering > MEANING_WHILE_ANSWERING;
      try {
        return await holder.use(async (index) => {
          const result = await searchIn(index, question);
          const count = page?.count ?? config.search.topK;
          const similarity = embedder === undefined || busy ? undefined : meaningOf(embedder, result);
          const data = await extractAnswer(result, { lang, rarity: rarityIn(index), glossary: searching.glossary, pageSize: count, similarity, ...settings });
          return { answer: composeAnswer(result, { offset: page?.offset ?? 0, count }, lang), result, data };
        });
      } finally {
        answering--;
      }
    },
    more: (result, shown, firstN, verdict, lang) =>
      holder.use(async (index) => extractMore(result, shown, firstN, { lang, rarity: rarityIn(index), glossary: searching.glossary, pageSize: config.search.topK, verdict, ...settings })),
    page: (result, page, lang) => composeAnswer(result, page, lang),
    sources: () => [...current().documents.values()],
    passage(id) {
      const idx = current();
      const passage = idx.passageById(id);
      const document = passage && idx.documents.get(passage.docId);
      if (passage === undefined || document === undefined) return undefined;
      const prefix = id.slice(0, id.lastIndexOf(":") + 1);
      return { passage, document, before: idx.passageById(`${prefix}${passage.ordinal - 1}`), after: idx.passageById(`${prefix}${passage.ordinal + 1}`) };
    },
    status() {
      const index = current();
      const m = index.manifest;
      const filling = running !== undefined && embedder !== undefined && keywordOnlyIndex(index);
      const keywordOnly: KeywordOnlyReason | undefined = opened.reason ?? (keywordOnlyIndex(index) ? { kind: "embedding" } : undefined);
      return {
        model: m.model.id,
        dimensions: m.model.dimensions,
        ...(keywordOnly === undefined ? {} : { keywordOnly }),
        ...(filling && running?.progress !== undefined ? { embedding: running.progress } : {}),
        reports: m.counts.reports,
        passages: m.counts.passages,
        builtAt: m.builtAt,
        lastReindex,
        reindexing: filling ? undefined : running?.progress,
        startedAt,
        recovery,
      };
    },
    async reindex(onProgress) {
      if (running !== undefined) {
        if (onProgress) running.listeners.add(onProgress);
        return running.promise;
      }
      // The model may be there now (unpacked, or the network is back): then this reindex adds the
      // vectors, and search turns hybrid once they are all embedded.
      if (embedder === undefined && opened.reason?.kind === "model-unavailable") {
        try {
          const loaded = await loadEmbedder(config.embedding);
          embedder = loaded;
          fingerprint = modelFingerprint({ embedder: loaded, embedding: config.embedding });
          childEmbedder = { kind: "config" };
          opened.reason = undefined;
          log.info({ model: loaded.modelId }, "the embedding model loads now: this reindex adds the vectors");
        } catch (error) {
          if (!(error instanceof EmbedderLoadError)) throw error;
          opened.reason = { kind: "model-unavailable", message: error.message };
        }
        // Another reindex may have started while the model loaded: join it.
        const started = reindexUnderWay();
        if (started !== undefined) return started;
      }
      return build(current(), onProgress);
    },
    reindexing: () => running?.progress,
    async close() {
      running?.abort.abort();
      await running?.promise.catch(() => undefined);
      holder.close();
      await embedder?.dispose();
    },
  };
}
