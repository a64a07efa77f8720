import { describe, expect, it } from "vitest";
import { choosePrefixes } from "../../src/embed/mod.ts";

describe("choosePrefixes", () => {
  it("uses the E5 convention for E5 models, hub ids and local directories alike", () => {
    const e5 = { query: "query: ", passage: "passage: " };
    expect(choosePrefixes("Xenova/multilingual-e5-small")).toEqual(e5);
    expect(choosePrefixes("intfloat/E5-base-v2")).toEqual(e5);
    expect(choosePrefixes("/srv/models/multilingual-e5-small/")).toEqual(e5);
  });

  it("adds nothing for other models, even when the letters e5 appear inside a word or hash", () => {
    const none = { query: "", passage: "" };
    expect(choosePrefixes("Xenova/all-MiniLM-L6-v2")).toEqual(none);
    expect(choosePrefixes("/tmp/hoidap-test-model-3fe5a90c11d2b7e4")).toEqual(none);
    // Only the model's own name counts, not the folders above it.
    expect(choosePrefixes("/srv/e5-models/paraphrase-multilingual")).toEqual(none);
  });

  it("lets explicit settings win, including an empty prefix", () => {
    expect(choosePrefixes("Xenova/multilingual-e5-small", "", undefined)).toEqual({ query: "", passage: "passage: " });
    expect(choosePrefixes("Xenova/all-MiniLM-L6-v2", "Q: ", "P: ")).toEqual({ query: "Q: ", passage: "P: " });
  });
});
