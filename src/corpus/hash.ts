import { createHash } from "node:crypto";
import type { ReportMeta, ReportPlaces } from "./types.ts";

/**
 * sha256 (hex) of what a passage or a citation shows: the report's path, its metadata, its
 * cleaned text and the places (pages, sections) of its paragraphs. Keys are written in a fixed order so the hash does not depend on how the metadata
 * object was built. The path is included so two copies of one report in different folders get
 * different passage ids.
 */
export function contentHash(file: string, meta: ReportMeta, text: string, places?: ReportPlaces): string {
  const fields = {
    file,
    title: meta.title,
    date: meta.date,
    dateText: meta.dateText,
    author: meta.author,
    url: meta.url,
    organisation: meta.organisation,
  };
  const hash = createHash("sha256").update(JSON.stringify(fields)).update("\n").update(text);
  // Pages and sections change citations too; reports without them hash as they always did.
  if (places !== undefined) hash.update("\n").update(JSON.stringify(places));
  return hash.digest("hex");
}
