import { createHash } from "node:crypto";
import type { ReportMeta } from "./types.ts";

/**
 * sha256 (hex) of what a passage or a citation shows: the report's path, its metadata and its
 * cleaned text. Keys are written in a fixed order so the hash does not depend on how the metadata
 * object was built. The path is included so two copies of one report in different folders get
 * different passage ids.
 */
export function contentHash(file: string, meta: ReportMeta, text: string): string {
  const fields = {
    file,
    title: meta.title,
    date: meta.date,
    dateText: meta.dateText,
    author: meta.author,
    url: meta.url,
    organisation: meta.organisation,
  };
  return createHash("sha256").update(JSON.stringify(fields)).update("\n").update(text).digest("hex");
}
