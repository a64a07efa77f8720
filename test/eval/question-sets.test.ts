import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SquadError, loadDistractors, parseQuestions, squadToQuestionSet } from "../../src/eval/mod.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-eval-sets-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("parseQuestions (JSONL, the seeds-dev format)", () => {
  it("reads one document, several, or none, and fills in kind and language", () => {
    const set = parseQuestions(
      [
        JSON.stringify({ id: "a", question: "Ai chủ trì hội nghị?", doc: "x.txt", gold: ["Ông A chủ trì"], kind: "factoid", lang: "vi" }),
        JSON.stringify({ id: "b", question: "Which provinces signed?", doc: ["x.txt", "y.txt"], gold: ["g1", "g2"] }),
        "",
        JSON.stringify({ question: "Kinh phí là bao nhiêu?", doc: null, gold: [] }),
      ].join("\n"),
    );
    expect(set.skipped).toEqual([]);
    expect(set.questions.map((q) => [q.id, q.docs, q.kind, q.lang])).toEqual([
      ["a", ["x.txt"], "factoid", "vi"],
      ["b", ["x.txt", "y.txt"], "question", "en"],
      ["q4", [], "unanswerable", "vi"],
    ]);
  });

  it("skips a bad line with its line number and reason, and keeps the rest", () => {
    const set = parseQuestions(['{"question": "Một?", "doc": "a.txt"}', "not json", '{"doc": "a.txt"}', '{"id": "q1", "question": "Lặp?"}'].join("\n"));
    expect(set.questions.map((q) => q.id)).toEqual(["q1"]);
    expect(set.skipped).toEqual(["line 2: not JSON", expect.stringMatching(/^line 3: question: /), 'line 4: id "q1" repeats an earlier question']);
  });
});

describe("squadToQuestionSet", () => {
  const squad = {
    version: "1.1",
    data: [
      {
        title: "Super_Bowl_50",
        paragraphs: [
          { context: "Đội Denver Broncos thắng Super Bowl 50.", qas: [{ id: "1", question: "Đội nào thắng?", answers: [{ text: "Denver Broncos", answer_start: 4 }, { text: "Denver Broncos", answer_start: 4 }, { text: "Broncos", answer_start: 11 }] }] },
          { context: "Trận đấu diễn ra ở California.", qas: [{ id: "2", question: "Trận đấu ở đâu?", answers: [{ text: "California", answer_start: 20 }] }, { id: "3", question: "" }] },
        ],
      },
      { title: "Super_Bowl_50", paragraphs: [{ context: "Một bài khác cùng tên.", qas: [{ id: "4", question: "Bài nào?", is_impossible: true, answers: [] }] }] },
    ],
  };

  it("makes every paragraph a document titled by its article, and its questions' gold document", () => {
    const set = squadToQuestionSet(squad);
    expect(set.documents!.map((d) => [d.file, d.title])).toEqual([
      ["Super_Bowl_50_1.txt", "Super Bowl 50"],
      ["Super_Bowl_50_2.txt", "Super Bowl 50"],
      ["Super_Bowl_50-2_1.txt", "Super Bowl 50"],
    ]);
    expect(set.questions.map((q) => [q.id, q.docs, q.gold, q.kind])).toEqual([
      ["1", ["Super_Bowl_50_1.txt"], ["Denver Broncos", "Broncos"], "squad"],
      ["2", ["Super_Bowl_50_2.txt"], ["California"], "squad"],
      ["4", [], [], "unanswerable"],
    ]);
    expect(set.skipped).toEqual(["Super_Bowl_50_2.txt, question 2: no question text"]);
  });

  it("reports a question whose id repeats an earlier one as skipped, naming it, rather than dropping it silently", () => {
    const repeated = { data: [{ title: "A", paragraphs: [{ context: "Văn bản.", qas: [{ id: "7", question: "Một?" }, { id: "7", question: "Hai?" }] }] }] };
    const set = squadToQuestionSet(repeated);
    expect(set.questions.map((q) => q.question)).toEqual(["Một?"]);
    expect(set.skipped).toEqual(['A_1.txt, question 2: id "7" repeats an earlier question']);
  });

  it("refuses a file that is not SQuAD with a reason", () => {
    expect(() => squadToQuestionSet({ questions: [] })).toThrow(SquadError);
    expect(() => squadToQuestionSet({ data: [{ paragraphs: [{ qas: [] }] }] })).toThrow(/data\.0\.paragraphs\.0\.context/);
  });
});

describe("loadDistractors", () => {
  const lines = [
    JSON.stringify({ id: "n1", title: "Giá vàng hôm nay", text: "Giá vàng tăng mạnh.\nThị trường sôi động." }),
    "{broken",
    JSON.stringify({ id: 2, title: "Bóng đá", text: "Đội tuyển thắng 2-0." }),
    JSON.stringify({ id: "n1", title: "Lặp", text: "Trùng id." }),
    JSON.stringify({ id: "n3", text: "   " }),
    JSON.stringify({ id: "n4", text: "Không có tiêu đề." }),
  ].join("\n");

  it("reads gzip-compressed JSONL, whatever the file is called, skipping bad lines with reasons", async () => {
    const file = path.join(dir, "news.data");
    await writeFile(file, gzipSync(lines));
    const { documents, skipped } = await loadDistractors(file);
    expect(documents.map((d) => [d.file, d.title])).toEqual([
      ["distractors/n1.txt", "Giá vàng hôm nay"],
      ["distractors/2.txt", "Bóng đá"],
      ["distractors/n4.txt", "n4"],
    ]);
    expect(documents[0]!.text).toBe("Giá vàng tăng mạnh.\nThị trường sôi động.");
    expect(skipped).toEqual(["line 2: not JSON", 'line 4: id "n1" repeats an earlier document', "line 5: text: must not be empty"]);
  });

  it("reads plain JSONL too, and stops after the limit", async () => {
    const file = path.join(dir, "news.jsonl");
    await writeFile(file, lines);
    const { documents } = await loadDistractors(file, 2);
    expect(documents.map((d) => d.title)).toEqual(["Giá vàng hôm nay", "Bóng đá"]);
  });
});
