import { describe, expect, it } from "vitest";
import { votedKeyboard } from "../../src/bot/votes.ts";
import { callbackData } from "../../src/bot/keyboard.ts";
import { loadMessages } from "../../src/render/mod.ts";

const messages = loadMessages();
const KEY = "Xy3abcdefgh";
const rows = [
  [{ text: "Toàn văn [1]", callback_data: callbackData(KEY, { kind: "passage", hit: 0 }) }],
  [
    { text: "👍 Hữu ích", callback_data: callbackData(KEY, { kind: "vote", up: true }) },
    { text: "👎 Chưa đúng", callback_data: callbackData(KEY, { kind: "vote", up: false }) },
  ],
];
const labels = (k: ReturnType<typeof votedKeyboard>) => k.flat().map((b) => b.text);

describe("the vote buttons after a vote", () => {
  it("tick the presser's choice in a private chat, and leave the other buttons alone", () => {
    expect(labels(votedKeyboard(rows, KEY, { up: 0, down: 1, mine: "down", changed: true }, "private", "vi", messages))).toEqual(["Toàn văn [1]", "👍 Hữu ích", "✓ 👎 Chưa đúng"]);
    expect(labels(votedKeyboard(rows, KEY, { up: 1, down: 0, mine: "up", changed: true }, "private", "vi", messages))).toEqual(["Toàn văn [1]", "✓ 👍 Hữu ích", "👎 Chưa đúng"]);
  });

  it("show each button's count in a group, where one message serves everyone", () => {
    expect(labels(votedKeyboard(rows, KEY, { up: 3, down: 1, mine: "up", changed: true }, "group", "vi", messages))).toEqual(["Toàn văn [1]", "👍 Hữu ích · 3", "👎 Chưa đúng · 1"]);
    expect(labels(votedKeyboard(rows, KEY, { up: 2, down: 0, mine: "up", changed: true }, "group", "vi", messages))).toEqual(["Toàn văn [1]", "👍 Hữu ích · 2", "👎 Chưa đúng"]);
  });
});
