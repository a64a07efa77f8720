import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";

const parse = (env: Record<string, string>) => parseConfig(env, "/srv/hoidap");
const failure = (env: Record<string, string>) => {
  try {
    parse(env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
};

describe("parseConfig", () => {
  it("gives working defaults for an empty environment", () => {
    const c = parse({});
    expect(c.corpus.seedsDir).toBe("/srv/hoidap/seeds");
    expect(c.index.dir).toBe("/srv/hoidap/embeddings/index");
    expect(c.embedding.cacheDir).toBe("/srv/hoidap/embeddings/models");
    expect(c.embedding.model).toBe("Xenova/multilingual-e5-small");
    expect(c.telegram.token).toBeUndefined();
    expect(c.telegram.apiRoot).toBe("https://api.telegram.org");
    expect(c.llm).toBeUndefined();
  });

  it("names the setting and the problem in one line", () => {
    const e = failure({ SEARCH_TOP_K: "many" });
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.setting).toBe("SEARCH_TOP_K");
    expect(e.message).toMatch(/^SEARCH_TOP_K: .*"many"/);
    expect(e.message).not.toContain("\n");
    expect(failure({ ADMIN_USER_IDS: "123, bob" }).message).toMatch(/^ADMIN_USER_IDS: "bob"/);
    expect(failure({ EMBEDDING_OFFLINE: "maybe" }).setting).toBe("EMBEDDING_OFFLINE");
    expect(failure({ TELEGRAM_API_ROOT: "ftp://x" }).setting).toBe("TELEGRAM_API_ROOT");
    expect(failure({ SEARCH_MODE: "magic" }).message).toMatch(/hybrid, dense, lexical/);
    expect(failure({ HNSW_M: "1" }).message).toMatch(/from 4 to 128/);
  });

  it("checks settings against each other", () => {
    expect(failure({ CHUNK_TARGET_WORDS: "300", CHUNK_MAX_WORDS: "200" }).setting).toBe("CHUNK_MAX_WORDS");
    expect(failure({ LLM_BASE_URL: "http://localhost:11434/v1" }).setting).toBe("LLM_MODEL");
  });

  it("parses id lists, booleans and a local model directory", () => {
    const c = parse({ ADMIN_USER_IDS: "1, 2;-1003", EMBEDDING_QUANTIZED: "no", EMBEDDING_MODEL: "./models/e5", LLM_BASE_URL: "http://h:1/v1/", LLM_MODEL: "m" });
    expect(c.telegram.adminUserIds).toEqual([1, 2, -1003]);
    expect(c.embedding.quantized).toBe(false);
    expect(c.embedding.model).toBe("/srv/hoidap/models/e5");
    expect(c.llm).toMatchObject({ baseUrl: "http://h:1/v1", model: "m" });
  });
});
