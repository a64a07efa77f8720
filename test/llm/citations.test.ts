import { describe, expect, it } from "vitest";
import { checkCitations, checkDraft, checkReply, isNotFound } from "../../src/llm/mod.ts";

const FIVE = [1, 2, 3, 4, 5];

describe("checkCitations", () => {
  it("keeps citations of given passages and removes a number that is not one, with its space", () => {
    const r = checkCitations("Hà Tĩnh tổ chức 360 hội nghị [1][2]. Có 12 đoàn [9].", FIVE);
    expect(r.text).toBe("Hà Tĩnh tổ chức 360 hội nghị [1][2]. Có 12 đoàn.");
    expect(r.cited).toEqual([1, 2]);
    expect(r.removed).toEqual([9]);
  });

  it("reads lists and ranges, and writes them back as separate [n]", () => {
    expect(checkCitations("a [1, 2] b [3; 5] c [2 4]", FIVE).text).toBe("a [1][2] b [3][5] c [2][4]");
    expect(checkCitations("a [1–3] b [2-4] c [4—5]", FIVE).text).toBe("a [1][2][3] b [2][3][4] c [4][5]");
    expect(checkCitations("a [1, 3–4]", FIVE).text).toBe("a [1][3][4]");
  });

  it("keeps the passages inside a range that runs past them, and reports the end that is not one", () => {
    const r = checkCitations("x [4–9]", FIVE);
    expect(r.text).toBe("x [4][5]");
    expect(r.removed).toEqual([9]);
    expect(checkCitations("x [3-1]", FIVE).text).toBe("x [1][2][3]");
    // A huge range costs nothing: only the passages given are looked at.
    expect(checkCitations("x [1-1000000000]", [2]).cited).toEqual([2]);
  });

  it("removes a group of which no number is a passage, and a bracketed year", () => {
    const r = checkCitations("Theo [0, 7] và [2022] thì vậy [3].", FIVE);
    expect(r.text).toBe("Theo và thì vậy [3].");
    expect(r.removed).toEqual([0, 7, 2022]);
    expect(r.cited).toEqual([3]);
  });

  it("lists cited numbers once, in order of first citation, and leaves other brackets alone", () => {
    const r = checkCitations("b [2] a [1] again [2, 2] [sic] [a1]", FIVE);
    expect(r.cited).toEqual([2, 1]);
    expect(r.text).toBe("b [2] a [1] again [2] [sic] [a1]");
  });

  it("finds nothing in a text without citations", () => {
    expect(checkCitations("Hội nghị do ông A chủ trì.", FIVE)).toEqual({ text: "Hội nghị do ông A chủ trì.", cited: [], removed: [] });
  });
});

describe("checkReply", () => {
  it("accepts an answer with at least one valid citation", () => {
    expect(checkReply("  Ông A chủ trì [1]. Bà B dự [8].\n", FIVE)).toEqual({ kind: "written", text: "Ông A chủ trì [1]. Bà B dự.", cited: [1], removed: [8] });
  });

  it("refuses an answer with no citation, or only invalid ones", () => {
    expect(checkReply("Ông A chủ trì hội nghị.", FIVE)).toEqual({ kind: "uncited", removed: [] });
    expect(checkReply("Ông A chủ trì hội nghị [6][7].", FIVE)).toEqual({ kind: "uncited", removed: [6, 7] });
  });

  it("reads the sentinel, alone or dressed up, as 'not found'", () => {
    for (const reply of ["NOT_FOUND", " NOT_FOUND.", "**NOT_FOUND**", "`NOT_FOUND`", "not_found", "NOT FOUND\nThe passages do not say."]) {
      expect(isNotFound(reply)).toBe(true);
      expect(checkReply(reply, FIVE).kind).toBe("not_found");
    }
    expect(checkReply("Các đoạn không nói điều này. NOT_FOUND", FIVE).kind).toBe("not_found");
    expect(isNotFound("Hội nghị NOT_FOUNDED")).toBe(false);
  });

  it("drops a stray sentinel from an answer that does cite", () => {
    expect(checkReply("Ông A chủ trì [1]. Về kinh phí: NOT_FOUND", FIVE)).toMatchObject({ kind: "written", text: "Ông A chủ trì [1]. Về kinh phí:" });
  });
});

describe("checkDraft", () => {
  it("shows nothing until the text cites a given passage", () => {
    expect(checkDraft("Ông A chủ trì hội nghị ", FIVE)).toBeUndefined();
    expect(checkDraft("Ông A chủ trì [9] hội ", FIVE)).toBeUndefined();
    expect(checkDraft("Ông A chủ trì [1] hội ", FIVE)).toEqual({ text: "Ông A chủ trì [1] hội", cited: [1], removed: [] });
  });

  it("holds back a word or a citation still being written", () => {
    expect(checkDraft("Ông A chủ trì [1]. Bà B [2", FIVE)?.text).toBe("Ông A chủ trì [1]. Bà B");
    expect(checkDraft("Ông A chủ trì [1]. Bà B [2, 3", FIVE)?.text).toBe("Ông A chủ trì [1]. Bà B");
    expect(checkDraft("Ông A chủ trì [1]. Ngh", FIVE)?.text).toBe("Ông A chủ trì [1].");
    expect(checkDraft("Ông A chủ trì [1", FIVE)).toBeUndefined();
  });

  it("never shows the sentinel, even while it is being written", () => {
    for (const partial of ["NOT", "NOT_", "NOT_FOUND", "NOT_FOUND\n"]) expect(checkDraft(partial, FIVE)).toBeUndefined();
  });
});
