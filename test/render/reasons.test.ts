/**
 * Every reason a file is skipped for, and every note on a report, has a text in both languages of
 * the messages file, naming the same values; the Vietnamese is a translation, not the English.
 */
import { describe, expect, it } from "vitest";
import { REASON_KEYS, reason } from "../../src/read/mod.ts";
import { loadMessages } from "../../src/render/messages.ts";
import { englishReason, reasonText } from "../../src/render/reason.ts";

const messages = loadMessages();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** A text with nothing to translate: only placeholders and punctuation ("{encoding} ({amount})"). */
const languageNeutral = (text: string) => !/\p{L}/u.test(text.replace(/\{\w+\}/g, ""));

describe("the texts of skip reasons and reader notes", () => {
  it.each(REASON_KEYS)("%s has a Vietnamese and an English text with the same values", (key) => {
    const vi = messages.vi[key];
    const en = messages.en[key];
    expect(vi?.trim()).toBeTruthy();
    expect(en?.trim()).toBeTruthy();
    expect(placeholders(vi!)).toEqual(placeholders(en!));
    if (!languageNeutral(en!)) expect(vi).not.toBe(en);
  });

  it("renders nested reasons and lists in the same language", () => {
    const pages = reason("read.pdf_pages", { from: 4, to: 7, what: reason("read.pdf_not_indexed", { problem: reason("read.pdf_page_no_text_layer") }) });
    expect(reasonText(messages, "vi", pages)).toBe("trang 4–7: không có lớp chữ (bản scan?); không được lập chỉ mục");
    expect(englishReason(pages)).toBe("pages 4–7: no text layer (scanned?); not indexed");
    const trust = reason("read.pdf_no_trustworthy_text", { pages: 2, problems: [reason("read.pdf_page", { page: 1, what: reason("read.trust_no_text") }), reason("read.pdf_page", { page: 2, what: reason("read.trust_no_text") })] });
    expect(reasonText(messages, "vi", trust)).toBe("không trang nào trong 2 trang có chữ đọc được đáng tin (trang 1: không có chữ; trang 2: không có chữ)");
  });

  it("shows a reason whose key this hoidap does not know as its key and values, instead of failing", () => {
    expect(reasonText(messages, "vi", { key: "read.from_the_future", params: { pages: 3 } })).toBe("read.from_the_future (pages: 3)");
  });
});
