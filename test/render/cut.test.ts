/**
 * Text cut for display (the question echoed over an answer, long file names and reasons in a
 * reindex summary) never ends inside a character — a lone UTF-16 surrogate makes Telegram reject
 * the whole message — and a reindex summary stays within one Telegram message however many files
 * were skipped.
 */
import { describe, expect, it } from "vitest";
import { loadMessages } from "../../src/render/messages.ts";
import { clip } from "../../src/render/html.ts";
import { summaryText } from "../../src/render/progress.ts";
import { TELEGRAM_MESSAGE_LIMIT } from "../../src/render/split-message.ts";
import { prepareQuestion } from "../../src/bot/ask.ts";
import type { BuildSummary } from "../../src/index/mod.ts";
import { textReason } from "../../src/read/mod.ts";

const messages = loadMessages();
/** True when the text has a surrogate that is not half of a pair. */
const loneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe("cutting text for display", () => {
  it("never splits an emoji, at any length", () => {
    const text = "Hỏi 👍🏽 về 🇻🇳 và 👨‍👩‍👧 ".repeat(40);
    for (let max = 2; max < 120; max++) {
      const cut = clip(text, max);
      expect(loneSurrogate(cut), `${max}: ${cut}`).toBe(false);
      expect(cut.length).toBeLessThanOrEqual(max);
    }
  });

  it("keeps a letter with its combining accent whole", () => {
    const decomposed = "Hội nghị ".normalize("NFD").repeat(30);
    for (let max = 2; max < 60; max++) {
      const kept = clip(decomposed, max).replace(/…$/u, "");
      expect(decomposed.startsWith(kept)).toBe(true);
      // What follows the cut is never an accent torn from its letter.
      expect(decomposed.slice(kept.length)).not.toMatch(/^\p{M}/u);
    }
  });

  it("echoes a long question ending in an emoji without a broken character", () => {
    const question = `${"a".repeat(199)}😀 và tiếp`;
    // 200 characters: what a reply's header echoes of the question.
    expect(loneSurrogate(clip(question, 200))).toBe(false);
    const prepared = prepareQuestion(`${"b".repeat(499)}😀😀`);
    expect("text" in prepared && loneSurrogate(prepared.text)).toBe(false);
  });
});

it("keeps a reindex summary with many long skipped files within one Telegram message", () => {
  const skipped = Array.from({ length: 500 }, (_, i) => ({ file: `thư mục/${"tên rất dài ".repeat(30)}${i}.txt`, reason: textReason(`${"lý do ".repeat(80)}😀`) }));
  const summary: BuildSummary = { kind: "incremental", added: [], changed: [], removed: [], unchanged: 3, skipped, warnings: [], reports: 3, passages: 10, passagesEmbedded: 0, durationMs: 1200 };
  const text = summaryText(summary, "vi", messages);
  expect(text.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
  expect(loneSurrogate(text)).toBe(false);
  expect(text).toMatch(/… \(\+\d+\)$/);
});
