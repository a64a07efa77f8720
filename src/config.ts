/**
 * Configuration: the environment (and an optional `.env` file) parsed once, by zod, at the edge.
 *
 * Each stage declares its own settings type and defaults; this file reads them from the environment
 * and composes them. Every stage receives only its own slice (`config.corpus`, `config.embedding`, …),
 * so a stage's signature says exactly which settings it depends on. Every setting is documented in
 * `.env.example`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import { ConfigError } from "./errors.ts";
import { TELEGRAM_DEFAULTS } from "./bot/mod.ts";
import type { TelegramConfig } from "./bot/mod.ts";
import { CORPUS_DEFAULTS } from "./corpus/mod.ts";
import type { ChunkConfig, CorpusConfig } from "./corpus/mod.ts";
import { EMBEDDING_DEFAULTS } from "./embed/mod.ts";
import type { EmbeddingConfig } from "./embed/mod.ts";
import { HNSW_DEFAULTS } from "./index/mod.ts";
import type { IndexConfig } from "./index/mod.ts";
import { LLM_DEFAULTS } from "./llm/mod.ts";
import type { LlmConfig } from "./llm/mod.ts";
import { ANSWER_DEFAULTS } from "./answer/mod.ts";
import type { AnswerConfig } from "./answer/mod.ts";
import { SEARCH_DEFAULTS } from "./search/mod.ts";
import type { SearchConfig } from "./search/mod.ts";
import { unknownSettingWarnings } from "./setting-names.ts";
import { STORE_DEFAULTS } from "./store/mod.ts";
import type { StoreConfig } from "./store/mod.ts";
import { OPERATIONS_DEFAULTS } from "./service/mod.ts";
import type { OperationsConfig } from "./service/mod.ts";


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

/** The environment variables hoidap reads; the defaults are each stage's own. Keep `.env.example` in step. */
const EnvSchema = z.object({
  SEEDS_DIR: text(CORPUS_DEFAULTS.seedsDir),
  EMBEDDINGS_DIR: text("embeddings"),
  MAX_FILE_BYTES: int(CORPUS_DEFAULTS.maxFileBytes, 1),
  CHUNK_TARGET_WORDS: int(CORPUS_DEFAULTS.chunk.targetWords, 20, 2000),
  CHUNK_MAX_WORDS: int(CORPUS_DEFAULTS.chunk.maxWords, 30, 4000),
  CHUNK_OVERLAP_SENTENCES: int(CORPUS_DEFAULTS.chunk.overlapSentences, 0, 10),

  EMBEDDING_MODEL: text(EMBEDDING_DEFAULTS.model),
  EMBEDDING_QUANTIZED: bool(EMBEDDING_DEFAULTS.quantized),
  EMBEDDING_OFFLINE: bool(EMBEDDING_DEFAULTS.offline),
  EMBEDDING_QUERY_PREFIX: optionalText,
  EMBEDDING_PASSAGE_PREFIX: optionalText,
  EMBEDDING_BATCH_SIZE: int(EMBEDDING_DEFAULTS.batchSize, 1, 1024),
  EMBEDDING_REMOTE_HOST: url(EMBEDDING_DEFAULTS.remoteHost),

  HNSW_M: int(HNSW_DEFAULTS.m, 4, 128),
  HNSW_EF_CONSTRUCTION: int(HNSW_DEFAULTS.efConstruction, 10, 2000),
  HNSW_EF_SEARCH: int(SEARCH_DEFAULTS.efSearch, 10, 5000),

  SEARCH_MODE: oneOf(["hybrid", "dense", "lexical"] as const, SEARCH_DEFAULTS.mode),
  SEARCH_TOP_K: int(SEARCH_DEFAULTS.topK, 1, 50),
  SEARCH_CANDIDATES: int(SEARCH_DEFAULTS.candidates, 5, 1000),
  FUSION: oneOf(["rrf", "weighted"] as const, SEARCH_DEFAULTS.fusion),
  RRF_K: int(SEARCH_DEFAULTS.rrfK, 1, 1000),
  DENSE_WEIGHT: num(SEARCH_DEFAULTS.denseWeight, 0, 1),
  PROXIMITY_WEIGHT: num(SEARCH_DEFAULTS.proximityWeight, 0, 5),
  LEXICAL_COMMON_SHARE: num(SEARCH_DEFAULTS.lexicalCommonShare, 0, 1),
  MIN_DENSE_SCORE: num(SEARCH_DEFAULTS.minDenseScore, -1, 1),
  MIN_LEXICAL_SCORE: num(SEARCH_DEFAULTS.minLexicalScore, 0, 1),
  MIN_AGREED_LEXICAL_SCORE: num(SEARCH_DEFAULTS.minAgreedLexicalScore, 0, 1),
  GLOSSARY_FILE: text(SEARCH_DEFAULTS.glossaryFile),
  ANSWER_MIN_COVERAGE: num(ANSWER_DEFAULTS.minCoverage, 0, 1),
  NOT_FOUND_MAX_COVERAGE: num(ANSWER_DEFAULTS.notFoundCoverage, 0, 1),
  NOT_FOUND_MAX_LEXICAL: num(ANSWER_DEFAULTS.notFoundLexical, 0, 1),
  NOT_FOUND_MAX_DENSE: num(ANSWER_DEFAULTS.notFoundDense, -1, 1),
  SOURCE_RELATIVE_CUT: num(ANSWER_DEFAULTS.relativeCut, 0, 1),
  SOURCE_WINDOW_CHARS: int(ANSWER_DEFAULTS.windowChars, 80, 2000),
  ANSWER_MEANING_WEIGHT: num(ANSWER_DEFAULTS.meaningWeight, 0, 1),

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: url(TELEGRAM_DEFAULTS.apiRoot),
  ADMIN_USER_IDS: idList,
  ALLOWED_CHAT_IDS: idList,
  ALLOWED_USER_IDS: idList,
  MAX_UPLOAD_BYTES: int(TELEGRAM_DEFAULTS.maxUploadBytes, 1),
  RATE_LIMIT_PER_MINUTE: int(TELEGRAM_DEFAULTS.rateLimitPerMinute, 1, 10_000),
  RESULT_TTL_MINUTES: int(TELEGRAM_DEFAULTS.resultTtlMs / 60_000, 1, 7 * 24 * 60),

  LLM_BASE_URL: url(undefined),
  LLM_MODEL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_TIMEOUT_MS: int(LLM_DEFAULTS.timeoutMs, 1000, 600_000),
  LLM_MAX_TOKENS: int(LLM_DEFAULTS.maxTokens, 16, 32_000),

  QUESTIONS_FILE: text(STORE_DEFAULTS.file),
  QUESTION_RETENTION_DAYS: int(STORE_DEFAULTS.retentionDays, 0, 36_500),
  REMOVED_DIR: optionalText,
  WATCH_SEEDS: bool(OPERATIONS_DEFAULTS.watchSeeds),
  WATCH_DEBOUNCE_MS: int(OPERATIONS_DEFAULTS.watchDebounceMs, 100, 3_600_000),

  LOG_LEVEL: oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const, "info"),
});

type Env = z.infer<typeof EnvSchema>;

/** Every setting's name, for telling a typo in `.env` from a real setting. */
export const KNOWN_SETTINGS: readonly string[] = Object.keys(EnvSchema.shape);

export { ConfigError };
export type { AnswerConfig, ChunkConfig, CorpusConfig, EmbeddingConfig, IndexConfig, LlmConfig, OperationsConfig, SearchConfig, StoreConfig, TelegramConfig };

/** Everything hoidap reads from its environment, grouped by the stage that uses it. */
export interface Config {
  corpus: CorpusConfig;
  embedding: EmbeddingConfig;
  index: IndexConfig;
  search: SearchConfig;
  answer: AnswerConfig;
  telegram: TelegramConfig;
  llm?: LlmConfig;
  store: StoreConfig;
  operations: OperationsConfig;
  logLevel: Env["LOG_LEVEL"];
  /** The directory relative paths were resolved against. */
  root: string;
  /** Problems that do not stop hoidap (an unknown setting), for the log at start-up. */
  warnings: string[];
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
  // The default glossary may be absent (no glossary); another one, named on purpose, must exist.
  if (e.GLOSSARY_FILE !== SEARCH_DEFAULTS.glossaryFile && !existsSync(resolve(e.GLOSSARY_FILE))) {
    throw new ConfigError("GLOSSARY_FILE", `no such file: ${resolve(e.GLOSSARY_FILE)}`);
  }
  const embeddingsDir = resolve(e.EMBEDDINGS_DIR);
  // "none" is keyword search only (see embed/keyword-only.ts), never a directory of that name.
  const noModel = e.EMBEDDING_MODEL.toLowerCase() === "none";
  const looksLocal = !noModel && (/^(\.{0,2}\/|~|[A-Za-z]:\\)/.test(e.EMBEDDING_MODEL) || existsSync(resolve(e.EMBEDDING_MODEL)));
  return {
    root,
    warnings: unknownSettingWarnings([], Object.keys(env), KNOWN_SETTINGS),
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
      hnsw: { m: e.HNSW_M, efConstruction: e.HNSW_EF_CONSTRUCTION },
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
      efSearch: e.HNSW_EF_SEARCH,
      minDenseScore: e.MIN_DENSE_SCORE,
      minLexicalScore: e.MIN_LEXICAL_SCORE,
      minAgreedLexicalScore: e.MIN_AGREED_LEXICAL_SCORE,
      glossaryFile: resolve(e.GLOSSARY_FILE),
    },
    answer: {
      minCoverage: e.ANSWER_MIN_COVERAGE,
      notFoundCoverage: e.NOT_FOUND_MAX_COVERAGE,
      notFoundLexical: e.NOT_FOUND_MAX_LEXICAL,
      notFoundDense: e.NOT_FOUND_MAX_DENSE,
      relativeCut: e.SOURCE_RELATIVE_CUT,
      windowChars: e.SOURCE_WINDOW_CHARS,
      meaningWeight: e.ANSWER_MEANING_WEIGHT,
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
    store: { file: resolve(e.QUESTIONS_FILE), retentionDays: e.QUESTION_RETENTION_DAYS },
    operations: {
      removedDir: e.REMOVED_DIR === undefined ? path.join(path.dirname(resolve(e.SEEDS_DIR)), "removed") : resolve(e.REMOVED_DIR),
      watchSeeds: e.WATCH_SEEDS,
      watchDebounceMs: e.WATCH_DEBOUNCE_MS,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Reads `.env` (when present) into `process.env` without overriding what is already set, then parses.
 * This is the one place the process environment is read.
 */
export function loadConfig(root = process.cwd()): Config {
  const envFile = path.join(root, ".env");
  if (!existsSync(envFile)) return parseConfig(process.env, root);
  process.loadEnvFile(envFile);
  const config = parseConfig(process.env, root);
  const written = Object.keys(parseEnv(readFileSync(envFile, "utf8")));
  return { ...config, warnings: unknownSettingWarnings(written, Object.keys(process.env), KNOWN_SETTINGS) };
}
