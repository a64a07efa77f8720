/**
 * The five seed reports converted by the test to .docx and to .pdf read to the same passages as
 * the .txt originals, answer the same questions as well, and cite PDF pages; a table in a Word
 * file can be found.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkReport, scanCorpus } from "../../src/corpus/mod.ts";
import { loadEmbedder } from "../../src/embed/mod.ts";
import { runEval } from "../../src/eval/mod.ts";
import type { EvalReport } from "../../src/eval/mod.ts";
import { loadMessages, renderAnswerText } from "../../src/render/mod.ts";
import { openQaService } from "../../src/service/mod.ts";
import type { QaService } from "../../src/service/mod.ts";
import { docxOfText, makeDocx, pdfOfText } from "../helpers/documents.ts";
import { SEEDS_DEV_FILE } from "../helpers/test-model.ts";
import { createWorkspace } from "../helpers/workspace.ts";
import type { Workspace } from "../helpers/workspace.ts";

type Metrics = EvalReport["modes"][number]["overall"];
const squash = (s: string) => s.replace(/\s+/gu, " ").trim();
const FORMATS = { docx: docxOfText, pdf: pdfOfText } as const;
type Format = keyof typeof FORMATS;

const workspaces = {} as Record<"txt" | Format, Workspace>;

/** The seeds folder of `ws` with every .txt replaced by the same report in `format`. */
async function convertSeeds(ws: Workspace, format: Format): Promise<void> {
  for (const file of (await readdir(ws.seedsDir)).filter((f) => f.endsWith(".txt"))) {
    const text = await readFile(path.join(ws.seedsDir, file), "utf8");
    await writeFile(path.join(ws.seedsDir, file.replace(/\.txt$/, `.${format}`)), await FORMATS[format](text));
    await rm(path.join(ws.seedsDir, file));
  }
}

beforeAll(async () => {
  workspaces.txt = await createWorkspace();
  for (const format of Object.keys(FORMATS) as Format[]) {
    workspaces[format] = await createWorkspace();
    await convertSeeds(workspaces[format], format);
  }
});

afterAll(async () => {
  for (const ws of Object.values(workspaces)) await ws?.remove();
});

/** Passage texts by report file name without its extension. */
async function passagesOf(ws: Workspace): Promise<Map<string, string[]>> {
  const scan = await scanCorpus(ws.config.corpus);
  expect(scan.skipped).toEqual([]);
  return new Map(scan.reports.map((r) => [r.file.replace(/\.\w+$/, ""), chunkReport(r, ws.config.corpus.chunk).map((p) => squash(p.text))]));
}

// The .txt figures, computed once for both formats.
let txtPassages: Promise<Map<string, string[]>> | undefined;
let txtFigures: Promise<Figures> | undefined;
type Figures = ({ mode: string } & Omit<Metrics, "msPerQuestion" | "messageChars">)[];

describe.each(Object.keys(FORMATS) as Format[])("the seeds as .%s", (format) => {
  it("give the same passages as the .txt originals (text equal after whitespace normalisation)", async () => {
    const txt = await (txtPassages ??= passagesOf(workspaces.txt));
    const other = await passagesOf(workspaces[format]);
    expect([...other.keys()]).toEqual([...txt.keys()]);
    for (const [name, passages] of txt) expect(other.get(name), name).toEqual(passages);
  });

  it.skipIf(!existsSync(SEEDS_DEV_FILE))("give the same seeds-dev figures as the .txt originals", async () => {
    const embedder = await loadEmbedder(workspaces.txt.config.embedding);
    const figures = async (ws: Workspace, ext: string): Promise<Figures> => {
      const questions = path.join(ws.dir, "questions.jsonl");
      await writeFile(questions, (await readFile(SEEDS_DEV_FILE, "utf8")).replace(/(_[0-9a-f]{16})\.txt\b/g, `$1.${ext}`));
      const report = await runEval(ws.config, { questions, k: 5, modes: ["hybrid", "lexical"], stripDiacritics: false, embedder });
      return report.modes.map((m) => ({ mode: m.mode, ...withoutTiming(m.overall) }));
    };
    try {
      const txt = await (txtFigures ??= figures(workspaces.txt, "txt"));
      expect(txt[0]!.answerable).toBeGreaterThan(0);
      expect(await figures(workspaces[format], format)).toEqual(txt);
    } finally {
      await embedder.dispose();
    }
  });
});

/** The figures that depend on what was read: not the time taken, nor the reply's length (a PDF's citations add "trang N"). */
function withoutTiming(m: Metrics): Omit<Metrics, "msPerQuestion" | "messageChars"> {
  const { msPerQuestion: _ms, messageChars: _chars, ...figures } = m;
  return figures;
}

describe("answers from Word and PDF reports", () => {
  let service: QaService | undefined;
  afterAll(async () => {
    await service?.close();
  });

  it("cite the PDF page, and find a row of a table in a .docx", async () => {
    const ws = workspaces.pdf;
    await writeFile(
      path.join(ws.seedsDir, "thong-ke.docx"),
      await makeDocx([
        "Thống kê kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2023",
        "Các địa phương đã xây dựng và nhân rộng nhiều mô hình tự quản về an ninh trật tự.",
        { table: [["Địa phương", "Số mô hình tự quản"], ["Xã Phong Thạnh", "37 mô hình"], ["Xã Tân Hưng", "12 mô hình"]] },
      ]),
    );
    service = await openQaService(ws.config, { logger: pino({ level: "silent" }), embedder: await loadEmbedder(ws.config.embedding) });
    const messages = loadMessages();

    const { answer } = await service.ask("Xã Phong Thạnh xây dựng được bao nhiêu mô hình tự quản?");
    expect(answer.found).toBe(true);
    expect(answer.items[0]!.citation.file).toBe("thong-ke.docx");
    expect(answer.items[0]!.text).toContain("Xã Phong Thạnh | 37 mô hình");

    const pdf = await service.ask("Công an TPHCM phối hợp với bưu điện để chuyển phát những giấy tờ nào cho người dân?");
    const item = pdf.answer.items.find((i) => i.citation.file === "002_abeb19b5365f6e40.pdf");
    expect(item).toBeDefined();
    expect(item!.citation.pageStart).toBeGreaterThanOrEqual(1);
    expect(renderAnswerText(pdf.answer, messages)).toMatch(new RegExp(`23/06/2022 · trang ${item!.citation.pageStart} · đoạn văn ${item!.citation.paragraphStart}`));
  });
});
