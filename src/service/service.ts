import { existsSync } from "node:fs";
import type { Config } from "../config.ts";
import { composeAnswer } from "../answer/mod.ts";
import type { Answer, AnswerPage } from "../answer/mod.ts";
import type { Lang } from "../text/mod.ts";
import { loadEmbedder } from "../embed/mod.ts";
import type { Embedder } from "../embed/mod.ts";
import { IndexError, incompatibility, loadGeneration, loadServingIndex } from "../index/mod.ts";
import { LEXICAL_VERSION } from "../keyword/mod.ts";
import { buildIndex, modelFingerprint } from "../ingest/mod.ts";
import type { BuildProgress, BuildSummary, DocumentEntry, IndexedPassage, LoadedIndex } from "../index/mod.ts";
import type { Logger } from "../log.ts";
import { prepareSearch, searchPassages } from "../search/mod.ts";
import type { SearchResult } from "../search/mod.ts";
import { removeInvisible } from "../text/mod.ts";
import { createIndexHolder } from "./index-holder.ts";
import { runReindexProcess } from "./reindex-process.ts";
import type { ChildEmbedderSource, EmbedderModule } from "./reindex-protocol.ts";

/** What the service reports about itself (for `/status`). */
export interface ServiceStatus {
  model: string;
  dimensions: number;
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
  /** A cited answer: a page of the ranked passages. */
  ask(question: string, page?: Partial<AnswerPage>, lang?: Lang): Promise<{ answer: Answer; result: SearchResult }>;
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
}

/**
 * Loads the model, the glossary and the index in force. When there is no usable index yet (first
 * start, or the model or passage settings changed) it builds one first, so a fresh install answers
 * questions without a separate indexing step.
 */
export async function openQaService(config: Config, options: OpenOptions): Promise<QaService> {
  const log = options.logger;
  const embedder = options.embedder ?? (await loadEmbedder(config.embedding));
  const fingerprint = modelFingerprint({ embedder, embedding: config.embedding });
  const searching = prepareSearch(embedder, config.search);

  let index: LoadedIndex | undefined;
  let recovery: ServiceStatus["recovery"];
  try {
    const serving = await loadServingIndex(config.index.dir);
    index = serving.index;
    if (serving.damaged !== undefined) {
      recovery = { action: "previous", reason: serving.damaged.message };
      log.warn({ reason: serving.damaged.message, serving: index.dir }, "index damaged; serving the previous generation, updating it in the background");
    }
    const reason = incompatibility(index.manifest, fingerprint, config.corpus.chunk);
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

  const childEmbedder: ChildEmbedderSource =
    options.reindexEmbedder !== undefined ? { kind: "module", spec: options.reindexEmbedder } : options.embedder !== undefined ? { kind: "parent" } : { kind: "config" };

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
      if (previous === undefined) {
        ({ index: next, summary } = await buildIndex({
          corpus: config.corpus,
          index: config.index,
          embedding: config.embedding,
          embedder,
          signal: abort.signal,
          onProgress: report,
        }));
      } else {
        const result = await runReindexProcess({
          job: {
            corpus: config.corpus,
            index: config.index,
            embedding: config.embedding,
            embedder: childEmbedder,
            model: { id: embedder.modelId, dimensions: embedder.dimensions },
            previousDir: previous.dir,
          },
          embedder,
          niceStep: options.reindexNice ?? (childEmbedder.kind === "parent" ? 0 : undefined),
          onProgress: report,
          signal: abort.signal,
          log,
        });
        // Loading has synchronous parts (parsing the passages, decoding the lexical segment) that
        // hold this event loop; logged so the pause can be seen.
        const loadStart = performance.now();
        next = await loadGeneration(result.dir, { reuse: previous });
        const reason = incompatibility(next.manifest, fingerprint, config.corpus.chunk);
        if (reason !== undefined) {
          next.close();
          throw new Error(`the reindex process wrote an index that does not match: ${reason}`);
        }
        log.info({ ms: Math.round(performance.now() - loadStart), dir: result.dir }, "new index loaded");
        summary = { ...result.summary, durationMs: Date.now() - started };
      }
      holder.replace(next);
      lastReindex = summary;
      for (const s of summary.skipped) log.warn({ file: s.file, reason: s.reason }, "report skipped");
      log.info({ ...summary, skipped: summary.skipped.length }, "index updated");
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
  else if (recovery?.action === "previous" && options.updateAfterFallback !== false) {
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

  const search = (question: string) =>
    // Invisible characters out first: the model would read a zero-width space as a token of its own.
    holder.use((index) => searchPassages({ ...searching, index }, removeInvisible(question)));

  return {
    config,
    search,
    async ask(question, page, lang) {
      const result = await search(question);
      return { answer: composeAnswer(result, { offset: page?.offset ?? 0, count: page?.count ?? config.search.topK }, lang), result };
    },
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
      const m = current().manifest;
      return {
        model: m.model.id,
        dimensions: m.model.dimensions,
        reports: m.counts.reports,
        passages: m.counts.passages,
        builtAt: m.builtAt,
        lastReindex,
        reindexing: running?.progress,
        startedAt,
        recovery,
      };
    },
    reindex(onProgress) {
      if (running !== undefined) {
        if (onProgress) running.listeners.add(onProgress);
        return running.promise;
      }
      return build(current(), onProgress);
    },
    reindexing: () => running?.progress,
    async close() {
      running?.abort.abort();
      await running?.promise.catch(() => undefined);
      holder.close();
      await embedder.dispose();
    },
  };
}
