import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { z } from "zod";
import { safeFileStem } from "../corpus/mod.ts";
import type { EvalDocument } from "./types.ts";

const DistractorSchema = z.object({
  id: z.union([z.string().trim().min(1), z.number()]),
  title: z.string().optional(),
  text: z.string().trim().min(1, "must not be empty"),
});

/** Documents read from a distractor file, and the lines that could not be used. */
export interface Distractors {
  documents: EvalDocument[];
  /** One line each: `"line 12: text: must not be empty"`. */
  skipped: string[];
}

/** Folder of the evaluation corpus that holds distractors, so they never collide with real reports. */
export const DISTRACTOR_FOLDER = "distractors";

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Reads distractor documents — text that answers none of the questions — from JSONL (`id`,
 * `title`, `text` per line), gzip-compressed or not (told by the file's first bytes, not its name).
 * Streams the file and stops after `limit` documents, so a large news dump costs only what is used.
 * Each becomes `distractors/<id>.txt`; bad lines and repeated ids are skipped with a reason.
 */
export async function loadDistractors(file: string, limit = Number.POSITIVE_INFINITY): Promise<Distractors> {
  const documents: EvalDocument[] = [];
  const skipped: string[] = [];
  if (limit <= 0) return { documents, skipped };
  const raw = createReadStream(file);
  const input: Readable = (await isGzip(file)) ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const files = new Set<string>();
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        skipped.push(`line ${n}: not JSON`);
        continue;
      }
      const parsed = DistractorSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        skipped.push(`line ${n}: ${issue.path.join(".") || "line"}: ${issue.message}`);
        continue;
      }
      const id = String(parsed.data.id);
      const name = `${DISTRACTOR_FOLDER}/${safeFileStem(id, 80, "untitled")}.txt`;
      if (files.has(name)) {
        skipped.push(`line ${n}: id "${id}" repeats an earlier document`);
        continue;
      }
      files.add(name);
      documents.push({ file: name, title: parsed.data.title?.trim() || id, text: parsed.data.text });
      if (documents.length >= limit) break;
    }
  } finally {
    lines.close();
    raw.destroy();
  }
  return { documents, skipped };
}
