import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { glossaryAdditions, GlossaryError, loadGlossary, loadGlossaryIfPresent, parseGlossary } from "../../src/text/mod.ts";

const glossary = parseGlossary(
  {
    version: 1,
    entries: [
      { abbr: "ANTT", expansions: ["an ninh trật tự"] },
      { abbr: ["TPHCM", "TP.HCM"], expansions: ["Thành phố Hồ Chí Minh"] },
      { abbr: "CAO", expansions: ["Công an Online"], matchCase: true },
    ],
  },
  "test",
);

const dir = mkdtempSync(path.join(tmpdir(), "glossary-"));
const write = (name: string, content: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe("glossary expansion", () => {
  it("adds the expansion of an abbreviation the text uses", () => {
    expect(glossaryAdditions("Tình hình ANTT ở Hà Tĩnh", glossary)).toEqual([["an ninh trật tự"]]);
  });

  it("adds the abbreviation when the text uses the expansion, with or without diacritics", () => {
    expect(glossaryAdditions("bảo đảm an ninh trật tự", glossary)).toEqual([["ANTT"]]);
    expect(glossaryAdditions("bao dam an ninh trat tu", glossary)).toEqual([["ANTT"]]);
  });

  it("matches abbreviations in any case and any listed spelling, adding the other forms", () => {
    expect(glossaryAdditions("antt o tphcm", glossary)).toEqual([["an ninh trật tự"], ["TP.HCM", "Thành phố Hồ Chí Minh"]]);
    expect(glossaryAdditions("Công an TP.HCM", glossary)).toEqual([["TPHCM", "Thành phố Hồ Chí Minh"]]);
  });

  it("matches whole words only", () => {
    expect(glossaryAdditions("SANTTA", glossary)).toEqual([]);
  });

  it("matches a case-sensitive abbreviation only as written", () => {
    expect(glossaryAdditions("(CAO) Ngày 23-6", glossary)).toEqual([["Công an Online"]]);
    expect(glossaryAdditions("nâng cao hiệu quả", glossary)).toEqual([]);
  });

  it("adds nothing to text that mentions no entry", () => {
    expect(glossaryAdditions("Hội nghị sơ kết", glossary)).toEqual([]);
  });
});

describe("loadGlossary", () => {
  it("loads the glossary shipped in prompts/", () => {
    const shipped = loadGlossary(path.resolve("prompts/glossary.json"));
    expect(shipped.entries.length).toBeGreaterThan(10);
    expect(glossaryAdditions("ANTT", shipped).flat()).toContain("an ninh trật tự");
  });

  it("names the file and the bad entry", () => {
    const file = write("bad-entry.json", JSON.stringify({ version: 1, entries: [{ abbr: "ANTT", expansions: ["an ninh trật tự"] }, { abbr: "UBND", expansions: [] }] }));
    expect(() => loadGlossary(file)).toThrow(GlossaryError);
    expect(() => loadGlossary(file)).toThrow(/bad-entry\.json: entry 2 \("UBND"\): expansions: needs at least one expansion/);
  });

  it("rejects an entry without an abbreviation", () => {
    const file = write("no-abbr.json", JSON.stringify({ version: 1, entries: [{ expansions: ["x"] }] }));
    expect(() => loadGlossary(file)).toThrow(/no-abbr\.json: entry 1: abbr/);
  });

  it("rejects a file that is not JSON, or has the wrong version", () => {
    expect(() => loadGlossary(write("broken.json", "{ version: 1,"))).toThrow(/broken\.json: is not valid JSON/);
    expect(() => loadGlossary(write("v2.json", JSON.stringify({ version: 2, entries: [] })))).toThrow(/v2\.json: version: must be 1/);
  });

  it("reports a missing file, unless the glossary is optional", () => {
    const missing = path.join(dir, "missing.json");
    expect(() => loadGlossary(missing)).toThrow(/missing\.json: cannot be read \(ENOENT\)/);
    expect(loadGlossaryIfPresent(missing)).toBeUndefined();
    expect(() => loadGlossaryIfPresent(write("broken2.json", "nope"))).toThrow(GlossaryError);
  });
});
