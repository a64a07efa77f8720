import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";

/** One 👍/👎 press, as stored (one JSON object per line). */
export interface FeedbackRecord {
  /** ISO time of the press. */
  time: string;
  userId?: number;
  chatId?: number;
  question: string;
  /** The passages the user had been shown for the question, in order. */
  passageIds: string[];
  vote: "up" | "down";
}

/** Where feedback goes: `feedback.jsonl` beside the index directory (`embeddings/feedback.jsonl`). */
export function feedbackFileFor(indexDir: string): string {
  return path.join(path.dirname(indexDir), "feedback.jsonl");
}

/** Appends one record as a JSON line, creating the folder on first use. */
export async function appendFeedback(file: string, record: FeedbackRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, "utf8");
}
