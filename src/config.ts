/**
 * Configuration: the environment (and an optional `.env` file) parsed once, by zod, at the edge.
 *
 * Every stage receives only its own slice (`config.corpus`, `config.embedding`, …), so a stage's
 * signature says exactly which settings it depends on. Every setting is documented in `.env.example`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { FixableError } from "./errors.ts";

/** A setting that could not be parsed: `setting` is the environment variable's name. */
export class ConfigError extends FixableError {
  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

const bool = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (["1", "true", "yes", "on"].includes(v)) return true;
      if (["0", "false", "no", "off"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: `expected true or false, got "${v}"` });
      return z.NEVER;
    });

const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v.replace(/_/g, ""));
      if (!Number.isInteger(n)) {
        ctx.addIssue({ code: "custom", message: `expected a whole number, got "${v}"` });
        return z.NEVER;
      }
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected a number from ${min} to ${max}, got ${n}` });
        return z.NEVER;
      }
      return n;
    });

const num = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected a number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const text = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v));

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v));

/** Comma- or space-separated Telegram ids (negative for groups). */
const idList = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return [] as number[];
    const ids: number[] = [];
    for (const part of v.split(/[\s,;]+/).filter(Boolean)) {
      const n = Number(part);
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: "custom", message: `"${part}" is not a Telegram id (a whole number)` });
        return z.NEVER;
      }
      ids.push(n);
    }
    return ids;
  });

const url = (fallback: string | undefined) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v === "" ? fallback : v;
      if (value === undefined) return undefined;
      try {
        const parsed = new URL(value);
        if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
        return value.replace(/\/+$/, "");
      } catch {
        ctx.addIssue({ code: "custom", message: `expected an http(s) URL, got "${value}"` });
        return z.NEVER;
      }
    });

const oneOf = <T extends string>(values: readonly [T, ...T[]], fallback: T) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if ((values as readonly string[]).includes(v)) return v as T;
      ctx.addIssue({ code: "custom", message: `expected one of ${values.join(", ")}, got "${v}"` });
      return z.NEVER;
    });

/** The environment variables hoidap reads, with their defaults. Keep `.env.example` in step. */
const EnvSchema = z.object({
  SEEDS_DIR: text("seeds"),
  EMBEDDINGS_DIR: text("embeddings"),
  MAX_FILE_BYTES: int(5_000_000, 1),
  CHUNK_TARGET_WORDS: int(160, 20, 2000),
  CHUNK_MAX_WORDS: int(220, 30, 4000),
  CHUNK_OVERLAP_SENTENCES: int(1, 0, 10),

  EMBEDDING_MODEL: text("Xenova/multilingual-e5-small"),
  EMBEDDING_QUANTIZED: bool(true),
  EMBEDDING_OFFLINE: bool(false),
  EMBEDDING_QUERY_PREFIX: optionalText,
  EMBEDDING_PASSAGE_PREFIX: optionalText,
  EMBEDDING_BATCH_SIZE: int(16, 1, 1024),
  EMBEDDING_REMOTE_HOST: url("https://huggingface.co"),

  // Chosen with `npm run bench` at 100k passages (README "HNSW parameters"): on the bench's hard,
  // nearly uniform vectors, M 48 / efConstruction 400 reach recall@10 0.99 at efSearch 600, where
  // M 32 / 200 needed efSearch ≈ 1200; the price is a slower graph build, not a slower search.
  HNSW_M: int(48, 4, 128),
  HNSW_EF_CONSTRUCTION: int(400, 10, 2000),
  HNSW_EF_SEARCH: int(600, 10, 5000),

  SEARCH_MODE: oneOf(["hybrid", "dense", "lexical"] as const, "hybrid"),
  SEARCH_TOP_K: int(5, 1, 50),
  SEARCH_CANDIDATES: int(50, 5, 1000),
  FUSION: oneOf(["rrf", "weighted"] as const, "weighted"),
  RRF_K: int(60, 1, 1000),
  DENSE_WEIGHT: num(0.3, 0, 1),
  PROXIMITY_WEIGHT: num(0.1, 0, 5),
  LEXICAL_COMMON_SHARE: num(0.1, 0, 1), // COMMON_TERM_SHARE in keyword/top-k.ts says why
  MIN_DENSE_SCORE: num(0.8, -1, 1),
  MIN_LEXICAL_SCORE: num(0.2, 0, 1),
  MIN_AGREED_LEXICAL_SCORE: num(0.05, 0, 1),
  GLOSSARY_FILE: text("prompts/glossary.json"),

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: url("https://api.telegram.org"),
  ADMIN_USER_IDS: idList,
  ALLOWED_CHAT_IDS: idList,
  ALLOWED_USER_IDS: idList,
  MAX_UPLOAD_BYTES: int(2_000_000, 1),
  RATE_LIMIT_PER_MINUTE: int(20, 1, 10_000),
  RESULT_TTL_MINUTES: int(60, 1, 7 * 24 * 60),

  LLM_BASE_URL: url(undefined),
  LLM_MODEL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_TIMEOUT_MS: int(60_000, 1000, 600_000),
  LLM_MAX_TOKENS: int(600, 16, 32_000),

  LOG_LEVEL: oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const, "info"),
});

type Env = z.infer<typeof EnvSchema>;

/** Where reports are read from and how they are cut into passages. */
export interface CorpusConfig {
  seedsDir: string;
  maxFileBytes: number;
  chunk: ChunkConfig;
}

/** Passage sizing: sentences are packed up to `targetWords`, never beyond `maxWords` unless one sentence is longer. */
export interface ChunkConfig {
  targetWords: number;
  maxWords: number;
  overlapSentences: number;
}

/** Which embedding model to run, and where its files live. */
export interface EmbeddingConfig {
  /** A Hugging Face hub id (`Xenova/multilingual-e5-small`), a local directory holding the model, or `none` (keyword search only). */
  model: string;
  quantized: boolean;
  /** No downloads at all: the model must already be in `cacheDir` or be a local directory. */
  offline: boolean;
  /** Prefixes the model was trained with; `undefined` means "use the model family's convention". */
  queryPrefix?: string;
  passagePrefix?: string;
  batchSize: number;
  cacheDir: string;
  /**
   * Where models are downloaded from: a server laid out like the Hugging Face Hub
   * (`/{model}/resolve/{revision}/{file}`); the Hub itself unless set (a mirror, or a test's loopback server).
   */
  remoteHost?: string;
}

/** Where the index lives and how the HNSW graph is built and searched. */
export interface IndexConfig {
  dir: string;
  hnsw: { m: number; efConstruction: number; efSearch: number };
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
  /** Cosine similarity from which the dense side alone counts as an answer (model-specific). */
  minDenseScore: number;
  /** Lexical relevance from which the lexical side alone counts as an answer. */
  minLexicalScore: number;
  /** Lexical relevance that suffices when both retrievers agree on the top passage (hybrid). */
  minAgreedLexicalScore: number;
  glossaryFile: string;
}

/** The Telegram side. `token` undefined means: run the terminal chat instead of the bot. */
export interface TelegramConfig {
  token?: string;
  apiRoot: string;
  adminUserIds: number[];
  allowedChatIds: number[];
  allowedUserIds: number[];
  maxUploadBytes: number;
  rateLimitPerMinute: number;
  resultTtlMs: number;
}

/** An optional OpenAI-compatible chat endpoint for written answers; absent means extractive only. */
export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  maxTokens: number;
}

/** Everything hoidap reads from its environment, grouped by the stage that uses it. */
export interface Config {
  corpus: CorpusConfig;
  embedding: EmbeddingConfig;
  index: IndexConfig;
  search: SearchConfig;
  telegram: TelegramConfig;
  llm?: LlmConfig;
  logLevel: Env["LOG_LEVEL"];
  /** The directory relative paths were resolved against. */
  root: string;
}

/**
 * Parses an environment into a {@link Config}. Relative paths are resolved against `root`.
 * Throws a {@link ConfigError} naming the first bad setting and what is wrong with it.
 */
export function parseConfig(env: Record<string, string | undefined>, root = process.cwd()): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "config"), issue.message);
  }
  const e = result.data;
  if (e.CHUNK_MAX_WORDS < e.CHUNK_TARGET_WORDS) {
    throw new ConfigError("CHUNK_MAX_WORDS", `must be at least CHUNK_TARGET_WORDS (${e.CHUNK_TARGET_WORDS}), got ${e.CHUNK_MAX_WORDS}`);
  }
  if (e.LLM_BASE_URL !== undefined && e.LLM_MODEL === undefined) {
    throw new ConfigError("LLM_MODEL", "required when LLM_BASE_URL is set (the model name the endpoint serves)");
  }
  const resolve = (p: string) => path.resolve(root, p);
  const embeddingsDir = resolve(e.EMBEDDINGS_DIR);
  // "none" is keyword search only (see embed/keyword-only.ts), never a directory of that name.
  const noModel = e.EMBEDDING_MODEL.toLowerCase() === "none";
  const looksLocal = !noModel && (/^(\.{0,2}\/|~|[A-Za-z]:\\)/.test(e.EMBEDDING_MODEL) || existsSync(resolve(e.EMBEDDING_MODEL)));
  return {
    root,
    corpus: {
      seedsDir: resolve(e.SEEDS_DIR),
      maxFileBytes: e.MAX_FILE_BYTES,
      chunk: {
        targetWords: e.CHUNK_TARGET_WORDS,
        maxWords: e.CHUNK_MAX_WORDS,
        overlapSentences: e.CHUNK_OVERLAP_SENTENCES,
      },
    },
    embedding: {
      model: noModel ? "none" : looksLocal ? resolve(e.EMBEDDING_MODEL) : e.EMBEDDING_MODEL,
      quantized: e.EMBEDDING_QUANTIZED,
      offline: e.EMBEDDING_OFFLINE,
      queryPrefix: e.EMBEDDING_QUERY_PREFIX,
      passagePrefix: e.EMBEDDING_PASSAGE_PREFIX,
      batchSize: e.EMBEDDING_BATCH_SIZE,
      cacheDir: path.join(embeddingsDir, "models"),
      remoteHost: e.EMBEDDING_REMOTE_HOST,
    },
    index: {
      dir: path.join(embeddingsDir, "index"),
      hnsw: { m: e.HNSW_M, efConstruction: e.HNSW_EF_CONSTRUCTION, efSearch: e.HNSW_EF_SEARCH },
    },
    search: {
      mode: e.SEARCH_MODE,
      topK: e.SEARCH_TOP_K,
      candidates: e.SEARCH_CANDIDATES,
      fusion: e.FUSION,
      rrfK: e.RRF_K,
      denseWeight: e.DENSE_WEIGHT,
      proximityWeight: e.PROXIMITY_WEIGHT,
      lexicalCommonShare: e.LEXICAL_COMMON_SHARE,
      minDenseScore: e.MIN_DENSE_SCORE,
      minLexicalScore: e.MIN_LEXICAL_SCORE,
      minAgreedLexicalScore: e.MIN_AGREED_LEXICAL_SCORE,
      glossaryFile: resolve(e.GLOSSARY_FILE),
    },
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT!,
      adminUserIds: e.ADMIN_USER_IDS,
      allowedChatIds: e.ALLOWED_CHAT_IDS,
      allowedUserIds: e.ALLOWED_USER_IDS,
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      resultTtlMs: e.RESULT_TTL_MINUTES * 60_000,
    },
    llm:
      e.LLM_BASE_URL !== undefined && e.LLM_MODEL !== undefined
        ? {
            baseUrl: e.LLM_BASE_URL,
            model: e.LLM_MODEL,
            apiKey: e.LLM_API_KEY,
            timeoutMs: e.LLM_TIMEOUT_MS,
            maxTokens: e.LLM_MAX_TOKENS,
          }
        : undefined,
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Reads `.env` (when present) into `process.env` without overriding what is already set, then parses.
 * This is the one place the process environment is read.
 */
export function loadConfig(root = process.cwd()): Config {
  const envFile = path.join(root, ".env");
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env, root);
}
