import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeXlmRModel } from "../../tools/models/mod.ts";
import type { EvalReport } from "../../src/eval/mod.ts";
import { REPO_ROOT } from "../helpers/workspace.ts";

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");

// Three small reports on unrelated subjects, and questions about them written for this test.
const REPORTS: Record<string, string> = {
  "pccc.txt": [
    "Diễn tập phòng cháy chữa cháy tại chợ Hà Đông năm 2024",
    "Sáng 5/3, Công an quận Hà Đông tổ chức diễn tập phòng cháy chữa cháy tại chợ Hà Đông với 200 người tham gia.",
    "Tình huống giả định là đám cháy bùng phát từ một ki-ốt bán vải ở tầng hai, lan sang các gian hàng bên cạnh.",
    "Lực lượng chữa cháy đã dập tắt đám cháy sau 15 phút và sơ cứu ba người bị ngạt khói.",
  ].join("\n\n"),
  "giaothong.txt": [
    "Ra quân bảo đảm trật tự an toàn giao thông dịp Tết Nguyên đán",
    "Phòng Cảnh sát giao thông tỉnh Nghệ An ra quân cao điểm bảo đảm an toàn giao thông từ ngày 15/12.",
    "Trong đợt cao điểm, lực lượng chức năng đã xử phạt 1.250 trường hợp vi phạm nồng độ cồn và tạm giữ 430 xe mô tô.",
  ].join("\n\n"),
  "hiến-máu.txt": [
    "Đoàn viên thanh niên Công an tỉnh tham gia hiến máu tình nguyện",
    "Ngày 20/6, Đoàn Thanh niên Công an tỉnh Quảng Bình phối hợp với bệnh viện tỉnh tổ chức ngày hội hiến máu tình nguyện.",
    "Đã có 312 đoàn viên đăng ký, thu được 280 đơn vị máu cung cấp cho ngân hàng máu của bệnh viện.",
  ].join("\n\n"),
};

const QUESTIONS = [
  { id: "pccc", kind: "factoid", lang: "vi", question: "Đám cháy giả định trong buổi diễn tập ở chợ Hà Đông được dập tắt sau bao lâu?", doc: "pccc.txt", gold: ["dập tắt đám cháy sau 15 phút"] },
  { id: "ruou", kind: "factoid", lang: "vi", question: "bao nhieu truong hop vi pham nong do con bi xu phat o Nghe An?", doc: "giaothong.txt", gold: ["xử phạt 1.250 trường hợp vi phạm nồng độ cồn"] },
  { id: "mau", kind: "factoid", lang: "vi", question: "Ngày hội hiến máu của Đoàn Thanh niên Công an tỉnh Quảng Bình thu được bao nhiêu đơn vị máu?", doc: "hiến-máu.txt", gold: ["thu được 280 đơn vị máu"] },
  { id: "none", kind: "unanswerable", lang: "vi", question: "Giá cà phê xuất khẩu tháng này là bao nhiêu?", doc: null, gold: [] },
];

let dir: string;
let env: NodeJS.ProcessEnv;

async function evalCommand(args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, [path.join(REPO_ROOT, "src/cli/eval.ts"), ...args], { cwd: dir, env, maxBuffer: 20_000_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "hoidap-eval-cmd-"));
  await mkdir(path.join(dir, "reports"));
  for (const [file, text] of Object.entries(REPORTS)) await writeFile(path.join(dir, "reports", file), text);
  await writeFile(path.join(dir, "questions.jsonl"), QUESTIONS.map((q) => JSON.stringify(q)).join("\n") + "\n");
  // Named like the real model, so the E5 prefixes apply as they do for it.
  const modelDir = path.join(dir, "model", "multilingual-e5-small");
  await writeXlmRModel(modelDir, { text: [...Object.values(REPORTS), ...QUESTIONS.map((q) => q.question)].join("\n") });
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    EMBEDDING_MODEL: modelDir,
    EMBEDDING_OFFLINE: "true",
    EMBEDDINGS_DIR: path.join(dir, "embeddings"),
    GLOSSARY_FILE: path.join(REPO_ROOT, "prompts/glossary.json"),
    LOG_LEVEL: "silent",
  };
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("npm run eval", () => {
  it("evaluates a question file against a corpus in every mode, prints the table and writes every question's results", async () => {
    const out = path.join(dir, "report.json");
    const { code, stdout } = await evalCommand(["--questions", "questions.jsonl", "--corpus", "reports", "--k", "3", "--json", out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`model: ${path.join(dir, "model")}`);
    for (const mode of ["dense", "lexical", "hybrid"]) expect(stdout).toMatch(new RegExp(`^${mode} +n +doc@1 +doc@3 +MRR@3 +psg@1 +psg@3 +NF-unans +NF-ans +ans@1 +A/U/N ans +A/U/N unans +msg p50/p95 +ms/q$`, "m"));
    expect(stdout).toMatch(/^diacritics=without +1 /m);

    const report = JSON.parse(await readFile(out, "utf8")) as EvalReport;
    expect(report.corpus.reports).toBe(3);
    expect(report.questions).toMatchObject({ total: 4, answerable: 3, unanswerable: 1, missingDocs: [] });
    expect(report.modes.map((m) => m.mode)).toEqual(["dense", "lexical", "hybrid"]);
    const lexical = report.modes.find((m) => m.mode === "lexical")!;
    // Distinct subjects: keyword search puts every gold report first, and the passage holding the
    // gold snippet among the top three.
    for (const o of lexical.outcomes.filter((x) => x.answerable)) {
      expect(o.docRank, o.id).toBe(1);
      expect(o.passageRank, o.id).toBeLessThanOrEqual(3);
      expect(o.results[o.passageRank! - 1]!.goldPassage).toBe(true);
    }
    // The figures are the outcomes summed up.
    for (const mode of report.modes) {
      const answerable = mode.outcomes.filter((o) => o.answerable);
      expect(mode.overall.docHit[1]).toBeCloseTo(answerable.filter((o) => o.docRank === 1).length / answerable.length, 10);
      const unanswerable = mode.outcomes.filter((o) => !o.answerable);
      expect(mode.overall.notFoundUnanswerable).toBe(unanswerable.filter((o) => !o.found).length / unanswerable.length);
      expect(mode.outcomes.every((o) => o.results.length <= 3)).toBe(true);
    }
  }, 120_000);

  it("strips diacritics from the questions when asked to", async () => {
    const out = path.join(dir, "stripped.json");
    const { code } = await evalCommand(["--questions", "questions.jsonl", "--corpus", "reports", "--mode", "lexical", "--strip-diacritics", "--json", out]);
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(out, "utf8")) as EvalReport;
    expect(report.stripDiacritics).toBe(true);
    const outcomes = report.modes[0]!.outcomes;
    expect(outcomes.find((o) => o.id === "mau")!.question).toBe("Ngay hoi hien mau cua Doan Thanh nien Cong an tinh Quang Binh thu duoc bao nhieu don vi mau?");
    expect(outcomes.every((o) => o.diacritics === "without")).toBe(true);
    expect(Object.keys(report.modes[0]!.byDiacritics)).toEqual(["without"]);
  }, 120_000);

  it("turns a SQuAD file into one document per paragraph and adds distractors from a gzipped file", async () => {
    const squad = {
      version: "1.1",
      data: [
        { title: "Chợ_Hà_Đông", paragraphs: [{ context: REPORTS["pccc.txt"]!.split("\n\n").slice(1).join(" "), qas: [{ id: "s1", question: QUESTIONS[0]!.question, answers: [{ text: "15 phút", answer_start: 0 }] }] }] },
        { title: "Hiến_máu", paragraphs: [{ context: REPORTS["hiến-máu.txt"]!.split("\n\n").slice(1).join(" "), qas: [{ id: "s2", question: QUESTIONS[2]!.question, answers: [{ text: "280", answer_start: 0 }] }] }] },
      ],
    };
    await writeFile(path.join(dir, "squad.json"), JSON.stringify(squad));
    const news = [
      { id: "n1", title: "Giá vàng hôm nay tăng mạnh trên thị trường", text: REPORTS["giaothong.txt"]!.split("\n\n").slice(1).join("\n") },
      { id: "n2", title: "Bản tin không được dùng", text: "Bản tin này vượt quá giới hạn." },
    ];
    await writeFile(path.join(dir, "news.jsonl.gz"), gzipSync(news.map((n) => JSON.stringify(n)).join("\n")));
    const out = path.join(dir, "squad-report.json");
    const { code, stdout } = await evalCommand(["--squad", "squad.json", "--distractors", "news.jsonl.gz", "--distractors-limit", "1", "--mode", "lexical", "--json", out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/corpus: 3 reports \(1 distractors\)/);
    const report = JSON.parse(await readFile(out, "utf8")) as EvalReport;
    const outcomes = report.modes[0]!.outcomes;
    expect(outcomes.map((o) => [o.id, o.docs, o.docRank])).toEqual([
      ["s1", ["Chợ_Hà_Đông_1.txt"], 1],
      ["s2", ["Hiến_máu_1.txt"], 1],
    ]);
    expect(outcomes[0]!.results[0]!.title).toBe("Chợ Hà Đông");
  }, 120_000);

  it("refuses bad flags and missing files with one line and exit code 2", async () => {
    const noSet = await evalCommand(["--corpus", "reports"]);
    expect(noSet.code).toBe(2);
    expect(noSet.stderr).toMatch(/give one of --questions FILE or --squad FILE/);
    const badMode = await evalCommand(["--questions", "questions.jsonl", "--mode", "semantic"]);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/--mode: expected dense, lexical or hybrid, got "semantic"/);
    const missing = await evalCommand(["--questions", "nowhere.jsonl", "--corpus", "reports"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/nowhere\.jsonl/);
  }, 120_000);
});
