import { readFile } from "node:fs/promises";
import { z } from "zod";
import { FixableError } from "../errors.ts";
import { detectLanguage } from "../text/mod.ts";
import { safeFileStem } from "../corpus/mod.ts";
import type { EvalDocument, EvalQuestion, QuestionSet } from "./types.ts";

const QaSchema = z.object({
  id: z.union([z.string(), z.number()]),
  question: z.string(),
  answers: z.array(z.object({ text: z.string() })).optional(),
  is_impossible: z.boolean().optional(),
});
const SquadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string().optional(),
      paragraphs: z.array(z.object({ context: z.string(), qas: z.array(z.unknown()) })),
    }),
  ),
});

/** A SQuAD file that cannot be used (unreadable, not JSON, not SQuAD); the message says which and why. */
export class SquadError extends FixableError {
  constructor(message: string) {
    super(message);
    this.name = "SquadError";
  }
}

/** "Super_Bowl_50" → "Super Bowl 50": SQuAD titles are Wikipedia page names. */
const readableTitle = (title: string) => title.replace(/_/g, " ").trim();

/**
 * A SQuAD (v1.1 or v2.0) file as a question set: every paragraph becomes one document, titled by
 * its article, named `<article>_<n>.txt` (n counts the article's paragraphs from 1); every question's
 * gold document is its paragraph and its gold snippets are its answers. A v2.0 question marked
 * `is_impossible` is unanswerable (no gold document). Questions without a usable text are skipped
 * with a reason; a file that is not SQuAD at all throws a {@link SquadError}.
 */
export function squadToQuestionSet(json: unknown): QuestionSet {
  const parsed = SquadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SquadError(`not a SQuAD file: ${issue.path.join(".") || "top level"}: ${issue.message}`);
  }
  const documents: EvalDocument[] = [];
  const questions: EvalQuestion[] = [];
  const skipped: string[] = [];
  const files = new Set<string>();
  const ids = new Set<string>();
  parsed.data.data.forEach((article, a) => {
    const title = readableTitle(article.title ?? `Article ${a + 1}`) || `Article ${a + 1}`;
    article.paragraphs.forEach((paragraph, p) => {
      let file = `${safeFileStem(title, 80, "untitled")}_${p + 1}.txt`;
      // Two articles with the same title must not overwrite each other's paragraphs.
      for (let n = 2; files.has(file); n++) file = `${safeFileStem(title, 80, "untitled")}-${n}_${p + 1}.txt`;
      if (paragraph.context.trim() === "") {
        skipped.push(`${file}: empty paragraph (its ${paragraph.qas.length} questions skipped)`);
        return;
      }
      files.add(file);
      documents.push({ file, title, text: paragraph.context });
      paragraph.qas.forEach((raw, q) => {
        const qa = QaSchema.safeParse(raw);
        const where = `${file}, question ${q + 1}`;
        if (!qa.success || qa.data.question.trim() === "") {
          skipped.push(`${where}: no question text`);
          return;
        }
        const id = String(qa.data.id);
        if (ids.has(id)) {
          skipped.push(`${where}: id "${id}" repeats an earlier question`);
          return;
        }
        ids.add(id);
        const impossible = qa.data.is_impossible === true;
        const gold = [...new Set((qa.data.answers ?? []).map((x) => x.text).filter((t) => t.trim() !== ""))];
        questions.push({
          id,
          question: qa.data.question.trim(),
          docs: impossible ? [] : [file],
          gold: impossible ? [] : gold,
          kind: impossible ? "unanswerable" : "squad",
          lang: detectLanguage(qa.data.question),
        });
      });
    });
  });
  return { questions, documents, skipped };
}

/** Reads a SQuAD JSON file (see {@link squadToQuestionSet}). */
export async function loadSquad(file: string): Promise<QuestionSet> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SquadError(`${file}: ${code === undefined ? `not JSON (${(error as Error).message})` : `cannot be read (${code})`}`);
  }
  try {
    return squadToQuestionSet(json);
  } catch (error) {
    if (error instanceof SquadError) throw new SquadError(`${file}: ${error.message}`);
    throw error;
  }
}
