import type { Api } from "grammy";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadMessages } from "../../src/render/messages.ts";
import type { TelegramConfig } from "../../src/config.ts";
import type { BuildProgress, BuildSummary } from "../../src/index/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import { reason } from "../../src/read/mod.ts";
import { isAllowed } from "../../src/bot/access.ts";
import { MAX_QUESTION_CHARS, prepareQuestion } from "../../src/bot/ask.ts";
import { callbackData, parseCallbackData } from "../../src/bot/keyboard.ts";
import { formatDuration } from "../../src/render/progress.ts";
import { createReindexRunner } from "../../src/bot/reindex.ts";
import { createResultCache } from "../../src/bot/result-cache.ts";
import { safeFileName } from "../../src/bot/safe-file-name.ts";
import { htmlProblems, visibleText } from "../render/html-check.ts";

const messages = loadMessages();
const silent = pino({ level: "silent" });

describe("safeFileName", () => {
  it("keeps only the last path segment, so no name can leave the reports folder", () => {
    expect(safeFileName("../../etc/cron.d/x.txt")).toBe("x.txt");
    expect(safeFileName("..\\..\\windows\\x.md")).toBe("x.md");
    expect(safeFileName("/abs/path/report.txt")).toBe("report.txt");
  });

  it("keeps Vietnamese letters and digits, and joins everything else with _", () => {
    expect(safeFileName("Báo cáo tháng 5 (Đoàn giám sát).txt")).toBe("Báo_cáo_tháng_5_(Đoàn_giám_sát).txt");
    expect(safeFileName("a<b>|c:d*e?.md")).toBe("a_b_c_d_e.md");
    // Decomposed accents become the composed form, so the same title gives the same file.
    expect(safeFileName("Ba\u0301o ca\u0301o.txt")).toBe(safeFileName("Báo cáo.txt"));
  });

  it("drops control and invisible characters, leading dots and dashes", () => {
    expect(safeFileName("re\u0000po\u202Ert\u200B.txt")).toBe("report.txt");
    expect(safeFileName("..hidden.txt")).toBe("hidden.txt");
    expect(safeFileName("--rf.txt")).toBe("rf.txt");
    expect(safeFileName("....txt")).toBe("report.txt");
  });

  it("accepts only the report formats (any case), stored in lower case", () => {
    expect(safeFileName("REPORT.TXT")).toBe("REPORT.txt");
    expect(safeFileName("notes.Md")).toBe("notes.md");
    expect(safeFileName("Báo cáo quý 3.DOCX")).toBe("Báo_cáo_quý_3.docx");
    expect(safeFileName("scan.Pdf")).toBe("scan.pdf");
    for (const bad of ["x.exe", "x.txt.exe", "x", ".txt", "x.xlsx", "x.pdf.zip", ""]) expect(safeFileName(bad)).toBeUndefined();
  });

  it("caps very long names", () => {
    const name = safeFileName(`${"ả".repeat(500)}.txt`)!;
    expect(Array.from(name)).toHaveLength(104);
    expect(name.endsWith("ả.txt")).toBe(true);
  });
});

describe("prepareQuestion", () => {
  it("trims and collapses whitespace, and refuses empty or wordless questions", () => {
    expect(prepareQuestion("  Ai   chủ trì\n hội nghị? ")).toEqual({ text: "Ai chủ trì hội nghị?", truncated: false });
    expect(prepareQuestion(" \n\t ")).toEqual({ problem: "empty" });
    expect(prepareQuestion("😀🎉 ?! 👍")).toEqual({ problem: "no_words" });
    expect(prepareQuestion("ANTT 2023?")).toEqual({ text: "ANTT 2023?", truncated: false });
  });

  it("cuts a very long question at a word boundary and says it did", () => {
    const long = "công tác dân vận ".repeat(400);
    const prepared = prepareQuestion(long);
    expect(prepared).toMatchObject({ truncated: true });
    const text = (prepared as { text: string }).text;
    expect(text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(text.length).toBeGreaterThan(MAX_QUESTION_CHARS * 0.8);
    expect(long.startsWith(text)).toBe(true);
    expect(text.endsWith("vận") || text.endsWith("công") || text.endsWith("tác") || text.endsWith("dân")).toBe(true);
  });
});

describe("result cache", () => {
  it("returns what was put under a short key until it expires", () => {
    let t = 1000;
    const cache = createResultCache<string>({ ttlMs: 60_000, now: () => t });
    const key = cache.put("answer");
    expect(key).toMatch(/^[\w-]{11}$/);
    expect(cache.get(key)).toBe("answer");
    t += 59_999;
    expect(cache.get(key)).toBe("answer");
    t += 1;
    expect(cache.get(key)).toBeUndefined();
    expect(cache.get("nonexistent")).toBeUndefined();
  });

  it("sweeps expired entries and keeps at most maxEntries", () => {
    let t = 0;
    const cache = createResultCache<number>({ ttlMs: 100, maxEntries: 3, now: () => t });
    const keys = [1, 2, 3, 4].map((n) => cache.put(n));
    expect(cache.size).toBe(3);
    expect(cache.get(keys[0]!)).toBeUndefined(); // the oldest made room
    expect(cache.get(keys[3]!)).toBe(4);
    t = 500;
    cache.put(5);
    expect(cache.size).toBe(1);
  });

  it("never hands out the same key twice", () => {
    const cache = createResultCache<number>({ ttlMs: 1000 });
    const keys = new Set(Array.from({ length: 2000 }, (_, i) => cache.put(i)));
    expect(keys.size).toBe(2000);
  });
});

describe("callback data", () => {
  it("fits Telegram's 64 bytes and reads back what was written", () => {
    const key = createResultCache<number>({ ttlMs: 1 }).put(1);
    for (const action of [{ kind: "more", offset: 999_999 }, { kind: "passage", hit: 49 }, { kind: "vote", up: true }, { kind: "vote", up: false }] as const) {
      const data = callbackData(key, action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(parseCallbackData(data)).toEqual({ key, action });
    }
  });

  it("ignores data it did not make", () => {
    for (const data of ["", "x", "key:z:1", "key:v:2", "key:m:-1", "a:b:c:d", `${"k".repeat(40)}:m:1`]) expect(parseCallbackData(data)).toBeUndefined();
  });
});

describe("access lists", () => {
  const base: TelegramConfig = { apiRoot: "", adminUserIds: [9], allowedChatIds: [], allowedUserIds: [], maxUploadBytes: 1, rateLimitPerMinute: 1, resultTtlMs: 1 };

  it("lets everyone in when no list is set", () => {
    expect(isAllowed(base, 1, 2)).toBe(true);
  });

  it("serves allowed chats, allowed users and admins, and nobody else", () => {
    const t = { ...base, allowedChatIds: [-100], allowedUserIds: [7] };
    expect(isAllowed(t, -100, 1)).toBe(true); // anyone in an allowed group
    expect(isAllowed(t, 7, 7)).toBe(true); // an allowed user, privately
    expect(isAllowed(t, -200, 7)).toBe(true); // an allowed user, in another group
    expect(isAllowed(t, 9, 9)).toBe(true); // an admin
    expect(isAllowed(t, 5, 5)).toBe(false);
    expect(isAllowed(t, -200, 5)).toBe(false);
    expect(isAllowed(t, undefined, undefined)).toBe(false);
  });
});

describe("formatDuration", () => {
  it("says short durations in seconds and long ones in their two largest units", () => {
    expect(formatDuration(4200, "vi", messages)).toBe("4,2 giây");
    expect(formatDuration(4200, "en", messages)).toBe("4.2 s");
    expect(formatDuration(125_000, "vi", messages)).toBe("2 phút 5 giây");
    expect(formatDuration(3 * 86_400_000 + 2 * 3_600_000 + 59_000, "en", messages)).toBe("3 d 2 h");
    expect(formatDuration(3_600_000, "en", messages)).toBe("1 h");
  });
});

describe("reindex runner", () => {
  const summary: BuildSummary = {
    kind: "incremental",
    added: ["new.txt"],
    changed: [],
    removed: ["old.txt"],
    unchanged: 4,
    skipped: [{ file: "bad<1>.txt", reason: reason("read.pdf_unreadable", { error: "bad <xref> & trailer" }) }],
    warnings: [
      { file: "new.txt", reason: reason("read.pdf_pages", { from: 4, to: 7, what: reason("read.pdf_not_indexed", { problem: reason("read.pdf_page_no_text_layer") }) }) },
      { file: "kept.txt", reason: reason("corpus.no_title") },
    ],
    reports: 5,
    passages: 61,
    passagesEmbedded: 9,
    durationMs: 12_300,
  };
  const progress = (passagesDone: number, elapsedMs: number): BuildProgress => ({
    phase: "embed",
    reportsDone: 1,
    reportsTotal: 2,
    passagesDone,
    passagesTotal: 10,
    elapsedMs,
  });

  /** A fake Bot API that records what the runner sends and edits. */
  function fakeApi() {
    const calls: { method: string; text: string }[] = [];
    const api = {
      sendMessage: async (_chat: number, text: string) => {
        calls.push({ method: "send", text });
        return { message_id: 77 };
      },
      editMessageText: async (_chat: number, id: number, text: string) => {
        expect(id).toBe(77);
        calls.push({ method: "edit", text });
        return true;
      },
    } as unknown as Api;
    return { api, calls };
  }

  /** A service whose reindex reports the given progress at the given clock times, then ends. */
  function fakeService(steps: [number, BuildProgress][], clock: { t: number }, outcome: BuildSummary | Error): QaService {
    return {
      reindexing: () => undefined,
      async reindex(onProgress?: (p: BuildProgress) => void) {
        for (const [t, p] of steps) {
          await Promise.resolve();
          clock.t = t;
          onProgress?.(p);
        }
        if (outcome instanceof Error) throw outcome;
        return outcome;
      },
    } as unknown as QaService;
  }

  it("edits one message at most every interval, only when the text changes, and ends with the summary", async () => {
    const clock = { t: 0 };
    const steps: [number, BuildProgress][] = [
      [1000, progress(1, 1000)], // too soon after the first message
      [3500, progress(3, 3000)], // edit
      [4000, progress(4, 3500)], // too soon
      [7000, progress(3, 3000)], // the text already shown: no edit
      [7100, progress(6, 6000)], // edit
    ];
    const { api, calls } = fakeApi();
    const runner = createReindexRunner({ service: fakeService(steps, clock, summary), messages, log: silent, editIntervalMs: 3000, now: () => clock.t });
    runner.start(api, 1, "vi");
    expect(runner.running()).toBe(true);
    await runner.idle();
    expect(runner.running()).toBe(false);
    expect(calls.map((c) => c.method)).toEqual(["send", "edit", "edit", "edit"]);
    expect(visibleText(calls[1]!.text)).toContain("Báo cáo: 1/2, đoạn trích: 3/10");
    expect(visibleText(calls[1]!.text)).toContain("còn khoảng 7,0 giây"); // 3 of 10 passages in 3 s
    expect(visibleText(calls[2]!.text)).toContain("đoạn trích: 6/10");
    const last = calls[3]!.text;
    expect(htmlProblems(last)).toEqual([]);
    expect(visibleText(last)).toContain("thêm 1, sửa 0, xoá 1, giữ nguyên 4");
    expect(visibleText(last)).toContain("Bỏ qua bad<1>.txt: không đọc được tệp PDF (bad <xref> & trailer)");
    // The warnings of the reports this reindex read, not those of reports it kept as they were.
    expect(visibleText(last)).toContain("Lưu ý new.txt: trang 4–7: không có lớp chữ (bản scan?); không được lập chỉ mục");
    expect(visibleText(last)).not.toContain("kept.txt");
  });

  it("reports a failure with its reason and says the old index still serves", async () => {
    const { api, calls } = fakeApi();
    const runner = createReindexRunner({ service: fakeService([], { t: 0 }, new Error("disk <full>")), messages, log: silent });
    runner.start(api, 1, "en");
    await runner.idle();
    const last = calls.at(-1)!;
    expect(last.method).toBe("edit");
    expect(htmlProblems(last.text)).toEqual([]);
    expect(visibleText(last.text)).toBe("The index update failed: an unexpected error (disk <full>)\nThe previous index is still answering questions.");

    const vi = fakeApi();
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const runnerVi = createReindexRunner({ service: fakeService([], { t: 0 }, full), messages, log: silent });
    runnerVi.start(vi.api, 1, "vi");
    await runnerVi.idle();
    expect(visibleText(vi.calls.at(-1)!.text)).toBe("Cập nhật chỉ mục thất bại: ổ đĩa đã đầy; hãy giải phóng dung lượng rồi thử lại\nChỉ mục cũ vẫn đang được dùng để trả lời.");
  });

  it("runs a queued reindex after the one under way", async () => {
    const { api, calls } = fakeApi();
    let runs = 0;
    const service = {
      reindexing: () => undefined,
      reindex: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 10));
        return summary;
      },
    } as unknown as QaService;
    const runner = createReindexRunner({ service, messages, log: silent });
    runner.start(api, 1, "vi");
    runner.queue(api, 1, "vi");
    await runner.idle();
    expect(runs).toBe(2);
    expect(calls.filter((c) => c.method === "send")).toHaveLength(2);
  });
});
