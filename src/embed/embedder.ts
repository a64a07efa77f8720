/**
 * The embedding model, run locally by transformers.js: mean-pooled, L2-normalised sentence vectors.
 */
import { pipeline, type FeatureExtractionPipeline, type Tensor } from "@xenova/transformers";
import type { EmbeddingConfig } from "./types.ts";
import { EmbedderLoadError, loadError } from "./load-error.ts";
import { configureLibrary, missingFiles, resolveModelSource, type ModelSource } from "./model-source.ts";
import { meanPoolNormalized } from "./pool.ts";
import { choosePrefixes } from "./prefixes.ts";
import type { Embedder, EmbedderOptions } from "./types.ts";

/** Used when a tokenizer config states no usable `model_max_length`; BERT-family encoders have 512 positions. */
const FALLBACK_MAX_TOKENS = 512;

// transformers.js keeps its settings in one process-wide `env` object that it reads while fetching
// files, so two loads with different settings must not interleave. This chain is the only module
// state: it orders loads, it holds no data.
let loadQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = loadQueue.then(task, task);
  loadQueue = run.catch(() => undefined);
  return run;
}

/** The part of onnxruntime's InferenceSession that {@link withThreads} wraps. */
interface SessionFactory {
  create(...args: unknown[]): Promise<unknown>;
}

// transformers.js creates its sessions without options (models.js, constructSession), so the
// thread count can only be set by wrapping the runtime's factory while one load runs. Its module
// path is imported by name from the transformers.js package, whose own copy of onnxruntime-node it is.
const ONNX_BACKEND = "@xenova/transformers/src/backends/onnx.js";

/**
 * Runs `load` with onnxruntime sessions created with `intraOpNumThreads: threads`. Safe because
 * loads run one at a time ({@link oneAtATime}).
 */
async function withThreads<T>(threads: number | undefined, load: () => Promise<T>): Promise<T> {
  if (threads === undefined) return load();
  const { ONNX } = (await import(ONNX_BACKEND)) as { ONNX: { InferenceSession: SessionFactory } };
  const factory = ONNX.InferenceSession;
  const original = factory.create;
  factory.create = (model: unknown, options?: object) => original.call(factory, model, { ...options, intraOpNumThreads: threads });
  try {
    return await load();
  } finally {
    factory.create = original;
  }
}

async function openPipeline(source: ModelSource, config: EmbeddingConfig, threads?: number): Promise<FeatureExtractionPipeline> {
  // A local directory with missing files would make the library print a warning per file before
  // failing; checking first gives the user one message.
  if (source.kind === "local" && missingFiles(source).length > 0) throw loadError(config.model, source);
  try {
    configureLibrary(source, config.cacheDir, config.remoteHost);
    return await withThreads(threads, () =>
      pipeline("feature-extraction", source.name, {
        quantized: config.quantized,
        cache_dir: config.cacheDir,
        local_files_only: !source.remoteAllowed,
      }),
    );
  } catch (cause) {
    throw loadError(config.model, source, cause);
  }
}

/**
 * The library truncates every input to `min(longest in batch, tokenizer.model_max_length)` tokens
 * (PreTrainedTokenizer._call with `truncation: true`, which the feature-extraction pipeline
 * passes). With no `model_max_length` in tokenizer_config.json, that minimum is NaN and long texts
 * reach the model untruncated, so a sane limit is put in its place.
 */
function ensureTruncation(extractor: FeatureExtractionPipeline): void {
  const tokenizer = extractor.tokenizer as { model_max_length?: unknown };
  const max = tokenizer.model_max_length;
  if (typeof max !== "number" || !Number.isFinite(max) || max <= 0 || max > 1_000_000) {
    tokenizer.model_max_length = FALLBACK_MAX_TOKENS;
  }
}

/**
 * Runs one batch; rows come back in the order given. This is the feature-extraction pipeline's own
 * sequence (tokenize with padding and truncation, run the model) with a faster pooling step.
 */
export async function embedBatch(extractor: FeatureExtractionPipeline, texts: readonly string[]): Promise<Float32Array[]> {
  const inputs = extractor.tokenizer([...texts], { padding: true, truncation: true }) as { attention_mask: Tensor };
  const outputs = (await extractor.model(inputs)) as Record<string, Tensor | undefined>;
  const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings; // as the pipeline picks
  if (!hidden) throw new Error("the model has no last_hidden_state output");
  return meanPoolNormalized(hidden.data as Float32Array, hidden.dims as number[], inputs.attention_mask.data as BigInt64Array);
}

/** A loaded, probed model: the pipeline and the size of the vectors it returns. */
export interface OpenedModel {
  extractor: FeatureExtractionPipeline;
  dimensions: number;
}

/**
 * Loads the model and proves it runs by embedding a probe text (which also gives `dimensions`).
 * `threads` sets onnxruntime's intra-op threads (default: the runtime's, one per core).
 */
export async function openModel(config: EmbeddingConfig, threads?: number): Promise<OpenedModel> {
  const source = resolveModelSource(config);
  const extractor = await oneAtATime(() => openPipeline(source, config, threads));
  ensureTruncation(extractor);
  try {
    const [probe] = await embedBatch(extractor, ["hoidap"]);
    if (!probe || probe.length === 0 || !probe.every(Number.isFinite)) throw new Error("the model returned no usable vector");
    return { extractor, dimensions: probe.length };
  } catch (cause) {
    await extractor.dispose().catch(() => undefined);
    throw cause instanceof EmbedderLoadError ? cause : loadError(config.model, source, cause);
  }
}

/**
 * Loads the configured model (from a local directory, the cache under `config.cacheDir`, or — unless
 * `config.offline` — the Hugging Face Hub) and returns an {@link Embedder}.
 *
 * Prefixes follow {@link choosePrefixes}; `dimensions` is measured by embedding a probe text, which
 * also proves the model runs. Throws an {@link EmbedderLoadError} (one readable message, the
 * library's error as `cause`) when the model is missing or unusable.
 */
export async function loadEmbedder(config: EmbeddingConfig, options: EmbedderOptions = {}): Promise<Embedder> {
  const { extractor, dimensions } = await openModel(config, options.threads);
  const prefixes = choosePrefixes(config.model, config.queryPrefix, config.passagePrefix);
  const batchSize = Math.max(1, config.batchSize);
  let disposed = false;

  return {
    modelId: config.model,
    dimensions,

    async embedPassages(texts, onProgress) {
      // Sorting by length keeps similar lengths in one batch, so little compute goes to padding.
      const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
      const vectors = new Array<Float32Array>(texts.length);
      for (let start = 0; start < order.length; start += batchSize) {
        const batch = order.slice(start, start + batchSize);
        const rows = await embedBatch(extractor, batch.map((i) => prefixes.passage + texts[i]));
        batch.forEach((i, row) => (vectors[i] = rows[row]!));
        onProgress?.(start + batch.length, texts.length);
        // onnxruntime runs a batch synchronously: without a turn of the event loop between batches,
        // signals, IPC messages (an abort, the parent's disconnect) and timers wait for all of them.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return vectors;
    },

    async embedQuery(text) {
      const [vector] = await embedBatch(extractor, [prefixes.query + text]);
      return vector!;
    },

    async dispose() {
      if (disposed) return;
      disposed = true;
      await extractor.dispose();
    },
  };
}
