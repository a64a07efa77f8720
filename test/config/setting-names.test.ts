import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, KNOWN_SETTINGS, loadConfig, parseConfig } from "../../src/config.ts";
import { closestSetting } from "../../src/setting-names.ts";

describe("unknown settings", () => {
  it("names the closest real setting for a typo", () => {
    expect(closestSetting("SEARCH_TOPK", KNOWN_SETTINGS)).toBe("SEARCH_TOP_K");
    expect(closestSetting("search_top_k", KNOWN_SETTINGS)).toBe("SEARCH_TOP_K");
    expect(closestSetting("ADMIN_USER_ID", KNOWN_SETTINGS)).toBe("ADMIN_USER_IDS");
    expect(closestSetting("TELEGRAM_BOT_TOKN", KNOWN_SETTINGS)).toBe("TELEGRAM_BOT_TOKEN");
    expect(closestSetting("DATABASE_URL", KNOWN_SETTINGS)).toBeUndefined();
  });

  it("warns about an environment variable that starts like a setting, and leaves the system's alone", () => {
    const c = parseConfig({ SEARCH_TOPK: "3", PATH: "/usr/bin", HOME: "/root" }, "/srv/hoidap");
    expect(c.warnings).toEqual(["SEARCH_TOPK is not a hoidap setting — SEARCH_TOP_K? It is ignored"]);
    expect(c.search.topK).toBe(5);
    expect(parseConfig({ SEARCH_TOP_K: "3" }, "/srv/hoidap").warnings).toEqual([]);
  });

  describe("in the .env file", () => {
    let dir: string;
    const added = ["SEARCH_TOPK", "MY_OWN_THING", "NODE_OPTIONS", "EMBEDDING_QUANTIZED"];
    afterEach(() => {
      for (const k of added) delete process.env[k];
      rmSync(dir, { recursive: true, force: true });
    });

    it("warns about every unknown name written there", () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "hoidap-env-"));
      writeFileSync(path.join(dir, ".env"), "SEARCH_TOPK=3\nMY_OWN_THING=1\nNODE_OPTIONS=--max-old-space-size=2048\nEMBEDDING_QUANTIZED=false\n");
      const c = loadConfig(dir);
      expect([...c.warnings].sort()).toEqual(["MY_OWN_THING is not a hoidap setting; it is ignored", "SEARCH_TOPK is not a hoidap setting — SEARCH_TOP_K? It is ignored"]);
      expect(c.embedding.quantized).toBe(false);
    });
  });
});

describe("GLOSSARY_FILE", () => {
  it("is an error when the file named does not exist", () => {
    expect(() => parseConfig({ GLOSSARY_FILE: "prompts/no-such-glossary.json" }, "/srv/hoidap")).toThrow(ConfigError);
    expect(() => parseConfig({ GLOSSARY_FILE: "prompts/no-such-glossary.json" }, "/srv/hoidap")).toThrow(/^GLOSSARY_FILE: no such file: \/srv\/hoidap\/prompts\/no-such-glossary\.json$/);
  });

  it("may be left unset when there is no glossary", () => {
    expect(parseConfig({}, "/srv/hoidap").search.glossaryFile).toBe("/srv/hoidap/prompts/glossary.json");
  });
});
