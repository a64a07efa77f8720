import { mkdtemp, readFile, rm, truncate, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IndexError } from "../../src/index/mod.ts";
import type { DocumentEntry, IndexedPassage } from "../../src/index/mod.ts";
import { closePassageStore, encodePassageStore, labelOf, openPassageStore, passageAt, passageId, readPassageStore } from "../../src/index/passage-store.ts";
import type { PassageRow, PassageStore } from "../../src/index/passage-store.ts";
import { CAN_LIST_OPEN_FILES, openPassageFiles } from "../helpers/open-files.ts";

const doc = (id: string, hashDigit: string, passageCount: number): DocumentEntry => ({
  id,
  file: id,
  title: `Báo cáo ${id}`,
  contentHash: hashDigit.repeat(64),
  passageCount,
  paragraphCount: 9,
});

const passage = (d: DocumentEntry, ordinal: number, text: string, label: number, offsets = { start: 10 * ordinal, paragraph: ordinal + 1 }): IndexedPassage => ({
  id: passageId(d.contentHash, ordinal),
  docId: d.id,
  ordinal,
  start: offsets.start,
  end: offsets.start + text.length,
  paragraphStart: offsets.paragraph,
  paragraphEnd: offsets.paragraph + 1,
  text,
  label,
});

const all = (store: PassageStore) => Array.from({ length: store.doc.length }, (_, label) => passageAt(store, label));
const plain = (p: IndexedPassage | undefined) => (p === undefined ? undefined : { ...p });

const a = doc("a.txt", "a", 2);
const b = doc("b.txt", "b", 1);
const vietnamese = "Công an huyện Phong Điền tổ chức 360 hội nghị “lắng nghe ý kiến Nhân dân” – đạt 100% kế hoạch.";
const combining = "Hoa\u0300ng Sa, Trươ\u0300ng Sa 🇻🇳 và tiếng Việt không dấu: Cong an huyen";
const rows: (IndexedPassage | undefined)[] = [passage(a, 0, vietnamese, 0), undefined, passage(b, 0, "", 2), passage(a, 1, combining, 3, { start: 70_000, paragraph: 41 })];

describe("passage store", () => {
  it("reads back every field and text as written, free labels included", () => {
    const store = openPassageStore(encodePassageStore(rows, [a, b]), [a, b]);
    expect(store.live).toBe(3);
    expect(all(store).map(plain)).toEqual(rows);
    expect(passageAt(store, 2)!.text).toBe("");
    expect(passageAt(store, 4)).toBeUndefined();
  });

  it("finds passages by id, and nothing for ids it does not hold", () => {
    const store = openPassageStore(encodePassageStore(rows, [a, b]), [a, b]);
    for (const p of rows) if (p !== undefined) expect(labelOf(store, p.id)).toBe(p.label);
    const key = a.contentHash.slice(0, 16);
    for (const id of [`${key}:2`, `${key}:-1`, `${key}:x`, `${key}:`, "c".repeat(16) + ":0", "", "no-colon"]) expect(labelOf(store, id)).toBeUndefined();
  });

  it("carries passages over from a previous store into new labels and a new report order", () => {
    const previous = openPassageStore(encodePassageStore(rows, [a, b]), [a, b]);
    const c = doc("c.txt", "c", 1);
    const a2 = { ...a }; // still two passages, now listed second; b was removed
    const next: PassageRow[] = [{ from: 3 }, passage(c, 0, "Báo cáo mới", 1), { from: 0 }];
    const store = openPassageStore(encodePassageStore(next, [c, a2], previous), [c, a2]);
    expect(all(store).map(plain)).toEqual([
      { ...rows[3], label: 0 },
      passage(c, 0, "Báo cáo mới", 1),
      { ...rows[0], label: 2 },
    ]);
    expect(labelOf(store, passageId(b.contentHash, 0))).toBeUndefined();

    // Kept in place (an incremental build with the same graph), and out of order.
    const inPlace = openPassageStore(encodePassageStore([{ from: 0 }, undefined, { from: 2 }, { from: 3 }], [a, b], previous), [a, b]);
    expect(all(inPlace).map(plain)).toEqual(rows);
    const reordered = openPassageStore(encodePassageStore([{ from: 3 }, { from: 2 }, { from: 0 }], [a, b], previous), [a, b]);
    expect(all(reordered).map(plain)).toEqual([{ ...rows[3], label: 0 }, { ...rows[2], label: 1 }, { ...rows[0], label: 2 }]);
  });

  it("refuses a passage whose id is not made from its report's hash and ordinal", () => {
    expect(() => encodePassageStore([{ ...rows[0]!, id: "something-else:0" }], [doc("a.txt", "a", 1)])).toThrow(/id/);
  });

  it("opens a buffer that does not start on a 4-byte boundary", () => {
    const bytes = encodePassageStore(rows, [a, b]);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    expect(all(openPassageStore(shifted.subarray(1), [a, b])).map(plain)).toEqual(rows);
  });

  it("rejects a truncated, altered or mismatched file with a reason", () => {
    const bytes = encodePassageStore(rows, [a, b]);
    expect(() => openPassageStore(bytes.subarray(0, bytes.length - 1), [a, b])).toThrow(/truncated/);
    expect(() => openPassageStore(bytes.subarray(0, 10), [a, b])).toThrow(/header/);
    const altered = Buffer.from(bytes);
    altered[altered.length - 5]! ^= 0x20; // one letter of a text
    expect(() => openPassageStore(altered, [a, b])).toThrow(/checksum/);
    const notAStore = Buffer.from(bytes);
    notAStore.write("[{\"i", 0);
    expect(() => openPassageStore(notAStore, [a, b])).toThrow(/not a passage store/);
    expect(() => openPassageStore(bytes, [a])).toThrow(/reports/);
    expect(() => openPassageStore(bytes, [a, { ...b, passageCount: 2 }])).toThrow(/b\.txt has 1 passages/);
  });
});

describe("passage store read from its file", () => {
  let dir: string;
  let n = 0;
  /** Writes the bytes to a new passages.bin and returns its path. */
  const put = async (bytes: Uint8Array) => {
    const file = path.join(dir, `${n++}-passages.bin`);
    await writeFile(file, bytes);
    return file;
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-store-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads every field and text back from the file, and passages made keep their texts once it is closed", async () => {
    const store = await readPassageStore(await put(encodePassageStore(rows, [a, b])), [a, b]);
    const passages = all(store);
    expect(passages.map(plain)).toEqual(rows);
    closePassageStore(store);
    closePassageStore(store); // twice is fine
    expect(passages[3]!.text).toBe(combining);
    expect(() => passageAt(store, 0)).toThrow(/closed/);
  });

  it("carries texts over from a previous store whose file was deleted since it was opened", async () => {
    const file = await put(encodePassageStore(rows, [a, b]));
    const previous = await readPassageStore(file, [a, b]);
    await unlink(file);
    const c = doc("c.txt", "c", 1);
    const next: (PassageRow | undefined)[] = [{ from: 0 }, undefined, { from: 2 }, { from: 3 }, passage(c, 0, "Báo cáo mới", 4)];
    const store = await readPassageStore(await put(encodePassageStore(next, [a, b, c], previous)), [a, b, c]);
    expect(all(store).map(plain)).toEqual([...rows, passage(c, 0, "Báo cáo mới", 4)]);
    closePassageStore(previous);
    closePassageStore(store);
  });

  it("rejects a damaged text block on open, and a file truncated after it was opened on read, with an IndexError", async () => {
    const bytes = encodePassageStore(rows, [a, b]);
    const altered = Buffer.from(bytes);
    altered[altered.length - 5]! ^= 0x20; // one letter of a text
    await expect(readPassageStore(await put(altered), [a, b])).rejects.toThrow(/checksum/);
    await expect(readPassageStore(await put(bytes.subarray(0, bytes.length - 1)), [a, b])).rejects.toThrow(/truncated/);
    await expect(readPassageStore(await put(bytes.subarray(0, 10)), [a, b])).rejects.toThrow(/header/);

    const file = await put(bytes);
    const store = await readPassageStore(file, [a, b]);
    await truncate(file, bytes.length - 20);
    const error = (() => {
      try {
        return passageAt(store, 3);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).kind).toBe("corrupt");
    expect((error as Error).message).toMatch(/truncated after it was loaded/);
    expect(passageAt(store, 0)!.text).toBe(vietnamese); // what is still there reads fine
    closePassageStore(store);
  });

  it.runIf(CAN_LIST_OPEN_FILES)("holds its file open until closed, and none after a failed open", async () => {
    const before = openPassageFiles().length;
    const file = await put(encodePassageStore(rows, [a, b]));
    const store = await readPassageStore(file, [a, b]);
    expect(openPassageFiles().length).toBe(before + 1);
    closePassageStore(store);
    expect(openPassageFiles().length).toBe(before);
    const damaged = Buffer.from(await readFile(file));
    damaged[damaged.length - 1]! ^= 0x01;
    await expect(readPassageStore(await put(damaged), [a, b])).rejects.toThrow(/checksum/);
    await expect(readPassageStore(file, [a, { ...b, passageCount: 2 }])).rejects.toThrow(/b\.txt has 1 passages/);
    expect(openPassageFiles().length).toBe(before);
  });
});
