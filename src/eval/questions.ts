import { readFile } from "node:fs/promises";
import { z } from "zod";
import { detectLanguage } from "../text/mod.ts";
import type { EvalQuestion, QuestionSet } from "./types.ts";

/**
 * One line of a question file (the format of `seeds-dev.jsonl`). `doc` names the report(s) that
 * answer it, or is null when the reports do not; `gold` holds the text that answers it. Other
 * fields (`answer`, `no_diacritics`, notes) are allowed and ignored.
 */
const QuestionLineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  question: z.string().trim().min(1, "must not be empty"),
  doc: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)), z.null()]).optional(),
  gold: z.array(z.string()).optional(),
  kind: z.string().trim().min(1).optional(),
  lang: z.string().trim().min(1).optional(),
});

/**
 * Parses question lines (JSONL text). A line that is not JSON or not a question is skipped with a
 * one-line reason; blank lines are ignored. A missing `kind` becomes `unanswerable` for `doc: null`
 * and `question` otherwise; a missing `lang` is detected from the question.
 */
export function parseQuestions(text: string): QuestionSet {
  const questions: EvalQuestion[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `line ${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped.push(`${where}: not JSON`);
      return;
    }
    const parsed = QuestionLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      skipped.push(`${where}: ${issue.path.join(".") || "line"}: ${issue.message}`);
      return;
    }
    const q = parsed.data;
    const id = q.id === undefined ? `q${i + 1}` : String(q.id);
    if (seen.has(id)) {
      skipped.push(`${where}: id "${id}" repeats an earlier question`);
      return;
    }
    seen.add(id);
    const docs = q.doc === undefined || q.doc === null ? [] : typeof q.doc === "string" ? [q.doc] : q.doc;
    questions.push({
      id,
      question: q.question,
      docs,
      gold: (q.gold ?? []).filter((g) => g.trim() !== ""),
      kind: q.kind ?? (docs.length === 0 ? "unanswerable" : "question"),
      lang: q.lang ?? detectLanguage(q.question),
    });
  });
  return { questions, skipped };
}

/** Reads a JSONL question file (see {@link parseQuestions}). Throws when the file cannot be read. */
export async function loadQuestions(file: string): Promise<QuestionSet> {
  return parseQuestions(await readFile(file, "utf8"));
}
