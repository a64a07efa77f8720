import type { Api } from "grammy";
import { InlineKeyboard } from "grammy";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDraftMessage } from "../../src/bot/mod.ts";

const log = pino({ level: "silent" });

/** A stand-in Bot API recording edits (start and end times) that take `editMs` each. */
function fakeApi(editMs: () => number, failEdits = false) {
  const edits: { text: string; start: number; end: number; keyboard?: unknown }[] = [];
  const sent: { text: string; replyTo?: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const api = {
    async editMessageText(_chat: number, _id: number, text: string, extra: { reply_markup?: unknown }) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const start = Date.now();
      await new Promise((r) => setTimeout(r, editMs()));
      inFlight--;
      if (failEdits) throw new Error("Bad Request: message to edit not found");
      edits.push({ text, start, end: Date.now(), keyboard: extra.reply_markup });
      return true;
    },
    async sendMessage(_chat: number, text: string, extra: { reply_parameters?: { message_id: number } }) {
      sent.push({ text, replyTo: extra.reply_parameters?.message_id });
      return { message_id: 99 };
    },
  };
  return { api: api as unknown as Api, edits, sent, maxInFlight: () => maxInFlight };
}

beforeEach(() => void vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] }));
afterEach(() => void vi.useRealTimers());

describe("createDraftMessage", () => {
  it("edits at most once per interval, showing the latest text and dropping those in between", async () => {
    const { api, edits } = fakeApi(() => 50);
    const draft = createDraftMessage(api, 1, 2, "first", { intervalMs: 1500, log });
    for (let i = 1; i <= 40; i++) {
      draft.update(`text ${i}`);
      await vi.advanceTimersByTimeAsync(100);
    }
    // The stream stops; the latest text still shows once the interval has passed.
    await vi.advanceTimersByTimeAsync(2000);
    expect(edits.map((e) => e.text).at(-1)).toBe("text 40");
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.length).toBeLessThanOrEqual(4);
    expect(edits[0]!.start).toBeGreaterThanOrEqual(1500); // not right after the placeholder was sent
    for (let i = 1; i < edits.length; i++) expect(edits[i]!.start - edits[i - 1]!.end).toBeGreaterThanOrEqual(1500);
  });

  it("never overlaps edits, and counts the interval from the end of a slow one (a 429 waited out)", async () => {
    let first = true;
    const { api, edits, maxInFlight } = fakeApi(() => (first ? ((first = false), 5000) : 10));
    const draft = createDraftMessage(api, 1, 2, "first", { intervalMs: 1500, log });
    await vi.advanceTimersByTimeAsync(1500);
    draft.update("a");
    for (let i = 0; i < 30; i++) {
      draft.update(`b${i}`);
      await vi.advanceTimersByTimeAsync(250);
    }
    await vi.advanceTimersByTimeAsync(3000);
    expect(maxInFlight()).toBe(1);
    expect(edits[0]!.text).toBe("a");
    expect(edits[1]!.start - edits[0]!.end).toBeGreaterThanOrEqual(1500);
  });

  it("finishes after the edit under way, with the buttons, and edits nothing after that", async () => {
    const { api, edits } = fakeApi(() => 300);
    const draft = createDraftMessage(api, 1, 2, "first", { intervalMs: 100, log });
    await vi.advanceTimersByTimeAsync(100);
    draft.update("partial");
    const keyboard = new InlineKeyboard().text("x", "y");
    const done = draft.finish("final", keyboard);
    draft.update("too late");
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(edits.map((e) => e.text)).toEqual(["partial", "final"]);
    expect(edits[1]!.keyboard).toBe(keyboard);
  });

  it("sends the final text as a new message (replying to the question) when the draft cannot be edited", async () => {
    const { api, sent } = fakeApi(() => 10, true);
    const draft = createDraftMessage(api, 1, 2, "first", { intervalMs: 100, log, replyTo: 7 });
    const done = draft.finish("final");
    await vi.advanceTimersByTimeAsync(100);
    await done;
    expect(sent).toEqual([{ text: "final", replyTo: 7 }]);
  });
});
