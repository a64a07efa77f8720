import { describe, expect, it } from "vitest";
import type { BuildSummary } from "../../src/index/mod.ts";
import { loadMessages } from "../../src/render/messages.ts";
import { summaryText } from "../../src/render/progress.ts";

const messages = loadMessages();
const summary = (extra: Partial<BuildSummary> = {}): BuildSummary => ({ kind: "incremental", added: ["005_moi.txt"], changed: [], removed: [], unchanged: 5, skipped: [], warnings: [], reports: 6, passages: 46, passagesEmbedded: 0, durationMs: 1100, ...extra });

describe("the summary a reindex ends with", () => {
  it("tells the admin, in their language, that a reindex without the model kept the unchanged passages' vectors", () => {
    expect(summaryText(summary({ vectorsKept: 44 }), "vi", messages)).toContain("đã giữ lại véc-tơ của 44 đoạn trích không đổi");
    expect(summaryText(summary({ vectorsKept: 44 }), "en", messages)).toContain("the vectors of 44 unchanged passages were kept");
    expect(summaryText(summary(), "vi", messages)).not.toContain("véc-tơ");
  });
});
