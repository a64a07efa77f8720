import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder } from "../../src/embed/mod.ts";
import type { Embedder } from "../../src/embed/mod.ts";
import { buildIndex } from "../../src/ingest/mod.ts";
import { currentGeneration, loadIndex } from "../../src/index/mod.ts";
import { searchLexical } from "../../src/keyword/mod.ts";
import { LEXICAL_VERSION, buildLexical, loadLexical, serializeLexical } from "../../src/keyword/mod.ts";
import { buildOptionsFor, createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";
import { writtenBeforeChecksums } from "../helpers/old-manifest.ts";

let ws: Workspace;
let embedder: Embedder;

const options = () => buildOptionsFor(ws, embedder);

/** A lexical file as the previous version wrote it (its header is all a reader looks at first). */
function oldFormatFile(): Buffer {
  const header = Buffer.from(JSON.stringify({ magic: "HDLX1", fieldCount: 4, ids: ["a"], terms: 0, postings: 0 }));
  const out = Buffer.alloc(8 + header.length + 64);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 8);
  return out;
}

beforeAll(async () => {
  ws = await createWorkspace();
  embedder = await loadEmbedder(ws.config.embedding);
  await buildIndex(options());
});

afterAll(async () => {
  await embedder?.dispose();
  await ws?.remove();
});

describe("lexical index of an older version", () => {
  it("is rebuilt from the passages on load, and the next build rewrites it without re-embedding anything", async () => {
    // Turn the index in force into one written by the previous version.
    const dir = (await currentGeneration(ws.config.index.dir))!;
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = writtenBeforeChecksums(JSON.parse(await readFile(manifestFile, "utf8")));
    const old = oldFormatFile();
    await writeFile(path.join(dir, "lexical.bin"), old);
    manifest.lexicalVersion = "vi-syllables-2";
    manifest.files["lexical.bin"] = old.length;
    await writeFile(manifestFile, JSON.stringify(manifest));

    const loaded = await loadIndex(ws.config.index.dir);
    const question = "Hà Tĩnh tổ chức bao nhiêu hội nghị Công an lắng nghe ý kiến Nhân dân?";
    const hit = searchLexical(loaded.lexical, question, 3)[0]!;
    expect(loaded.passageById(hit.id)!.text).toContain("360 hội nghị");

    const { index, summary } = await buildIndex(options());
    expect(summary.kind).toBe("incremental");
    expect(summary.passagesEmbedded).toBe(0);
    expect(index.manifest.lexicalVersion).toBe(LEXICAL_VERSION);
    const reloaded = await loadIndex(ws.config.index.dir);
    expect(searchLexical(reloaded.lexical, question, 3)[0]!.id).toBe(hit.id);
  });

  it("a file of the old format is refused with a message saying so, not misread", () => {
    expect(() => loadLexical(oldFormatFile())).toThrow(/older version/);
  });

  it("loads as views onto the file's bytes, and from a buffer at any offset", () => {
    const index = buildLexical([
      { id: "a", text: "Công an huyện tổ chức diễn tập phòng cháy chữa cháy" },
      { id: "b", text: "Hội nghị an ninh trật tự quý một" },
    ]);
    const bytes = serializeLexical(index);
    const loaded = loadLexical(bytes);
    // No copy: the postings occupy the file's own memory.
    expect(loaded.postings.docs.buffer).toBe(bytes.buffer);
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    const fromOdd = loadLexical(shifted.subarray(3));
    const question = "diễn tập phòng cháy";
    expect(searchLexical(fromOdd, question, 2)).toEqual(searchLexical(index, question, 2));
    expect(searchLexical(loaded, question, 2)[0]!.id).toBe("a");
  });
});
