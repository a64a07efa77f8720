import { describe, expect, it } from "vitest";
import type { DocumentEntry, IndexedPassage } from "../../src/index/mod.ts";
import { encodePassageStore, labelOf, openPassageStore, passageAt, passageId } from "../../src/index/passage-store.ts";
import type { PassageRow, PassageStore } from "../../src/index/passage-store.ts";

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
