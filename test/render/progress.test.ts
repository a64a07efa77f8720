import { describe, expect, it } from "vitest";
import { readReport } from "../../src/corpus/mod.ts";
import type { SkippedFile } from "../../src/corpus/mod.ts";
import type { BuildSummary } from "../../src/index/mod.ts";
import { textReason } from "../../src/read/mod.ts";
import { loadMessages } from "../../src/render/messages.ts";
import { summaryText } from "../../src/render/progress.ts";

const messages = loadMessages();
const summary = (extra: Partial<BuildSummary> = {}): BuildSummary => ({ kind: "incremental", added: ["005_moi.txt"], changed: [], removed: [], unchanged: 5, skipped: [], warnings: [], reports: 6, passages: 46, passagesEmbedded: 0, durationMs: 1100, ...extra });

/** What the corpus stage says of a file it skips, read from its bytes. */
function skippedFor(bytes: Uint8Array, file: string): SkippedFile {
  const outcome = readReport(bytes, file);
  if (outcome.ok) throw new Error(`${file} was read`);
  return outcome.skipped;
}

describe("the summary a reindex ends with", () => {
  it("tells the admin, in their language, that a reindex without the model kept the unchanged passages' vectors", () => {
    expect(summaryText(summary({ vectorsKept: 44 }), "vi", messages)).toContain("đã giữ lại véc-tơ của 44 đoạn trích không đổi");
    expect(summaryText(summary({ vectorsKept: 44 }), "en", messages)).toContain("the vectors of 44 unchanged passages were kept");
    expect(summaryText(summary(), "vi", messages)).not.toContain("véc-tơ");
  });

  it("says why a file was skipped in the admin's language", () => {
    const latin1 = Uint8Array.from("Le rapport décrit la situation", (c) => c.charCodeAt(0) & 0xff);
    const binary = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x41]);
    const skipped = [skippedFor(latin1, "bao-cao-cu.txt"), skippedFor(binary, "du-lieu.txt")];
    const vi = summaryText(summary({ skipped }), "vi", messages);
    expect(vi).toContain("Bỏ qua bao-cao-cu.txt: không phải văn bản UTF-8 (byte 0xE9 không hợp lệ ở vị trí 12); hãy lưu lại dưới dạng UTF-8");
    expect(vi).toContain("Bỏ qua du-lieu.txt: tệp nhị phân, không phải văn bản (có byte NUL)");
    const en = summaryText(summary({ skipped }), "en", messages);
    expect(en).toContain("Skipped bao-cao-cu.txt: not UTF-8 text (invalid byte 0xE9 at byte 12); save it as UTF-8");
    expect(en).toContain("Skipped du-lieu.txt: binary file (contains NUL bytes)");
  });

  it("gives the notes on a report it read in the admin's language, nested parts included", () => {
    const tcvn3 = new TextEncoder().encode("Céng hoµ x· héi chñ nghÜa ViÖt Nam\n\nB¸o c¸o c«ng t¸c d©n vËn n¨m 2023 cña tØnh.\n");
    const outcome = readReport(tcvn3, "005_moi.txt");
    if (!outcome.ok) throw new Error("the report was skipped");
    const vi = summaryText(summary({ warnings: outcome.warnings }), "vi", messages);
    expect(vi).toContain("Lưu ý 005_moi.txt: đã chuyển chữ tiếng Việt mã cũ sang Unicode từ TCVN3 (ABC) (");
    expect(vi).toMatch(/\(\d+ dòng\)/);
    const en = summaryText(summary({ warnings: outcome.warnings }), "en", messages);
    expect(en).toContain("Note 005_moi.txt: legacy Vietnamese text converted to Unicode from TCVN3 (ABC) (");
  });

  it("shows a reason stored as a line of text as it is, in either language", () => {
    const skipped = [{ file: "cu.txt", reason: textReason("not UTF-8 text (invalid byte 0xE9 at byte 12); save it as UTF-8") }];
    expect(summaryText(summary({ skipped }), "vi", messages)).toContain("Bỏ qua cu.txt: not UTF-8 text (invalid byte 0xE9 at byte 12); save it as UTF-8");
  });
});
