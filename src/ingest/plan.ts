import type { CorpusScan, Report, ReportSource } from "../corpus/mod.ts";
import { documentAt, labelCount, passageIdAt } from "../index/mod.ts";
import type { DocumentEntry } from "../index/mod.ts";
import type { Previous } from "./types.ts";

/** What a build changes: which reports are new, changed, removed or kept, and which passages go. */
export interface ChangePlan {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Ids of the reports whose passages are kept (read again with the same content hash, or not read at all). */
  unchangedDocs: Set<string>;
  /** Reports whose passages must be (re)computed. */
  toEmbed: Report[];
  /** Labels in the previous base of the passages of unchanged reports, carried over as they are. */
  kept: number[];
  /** Ids of the previous base's passages that leave the index (or left it in an earlier delta). */
  droppedIds: string[];
  /** Their labels in the previous base. */
  droppedLabels: number[];
  /** Rows of the previous delta, if any, of the passages of unchanged reports. */
  keptDelta: number[];
  /** Ids of the previous delta's passages that leave the index. */
  droppedDeltaIds: string[];
}

export function planChanges(scan: CorpusScan, previous: Previous | undefined): ChangePlan {
  const unchangedDocs = new Set<string>();
  const plan: ChangePlan = { added: [], changed: [], removed: [], unchanged: 0, unchangedDocs, toEmbed: [], kept: [], droppedIds: [], droppedLabels: [], keptDelta: [], droppedDeltaIds: [] };
  for (const report of scan.reports) {
    const before = previous?.documents.get(report.id);
    if (before === undefined) {
      plan.added.push(report.id);
      plan.toEmbed.push(report);
    } else if (before.contentHash !== report.contentHash) {
      plan.changed.push(report.id);
      plan.toEmbed.push(report);
    } else {
      plan.unchanged += 1;
      unchangedDocs.add(report.id);
    }
  }
  // The scan reuses only reports the previous index holds, so these are unchanged by construction.
  for (const id of scan.reused) {
    plan.unchanged += 1;
    unchangedDocs.add(id);
  }
  if (previous !== undefined) {
    for (const id of previous.documents.keys()) if (!scan.sources.has(id)) plan.removed.push(id);
    const removed = previous.delta?.removed;
    const store = previous.passages;
    const unchangedNumbers = new Uint8Array(store.documents.length);
    store.documents.forEach((d, i) => (unchangedNumbers[i] = unchangedDocs.has(d.id) ? 1 : 0));
    for (let label = 0; label < labelCount(store); label++) {
      const d = documentAt(store, label);
      if (d < 0) continue;
      // A removed base passage belongs to an earlier version of its report, whose current one is in the delta.
      if (unchangedNumbers[d] === 1 && removed?.[label] !== 1) plan.kept.push(label);
      else {
        plan.droppedIds.push(passageIdAt(store, label)!);
        plan.droppedLabels.push(label);
      }
    }
    const delta = previous.delta?.passages;
    if (delta !== undefined) {
      for (let row = 0; row < labelCount(delta); row++) {
        const d = documentAt(delta, row);
        if (d < 0) continue;
        if (unchangedDocs.has(delta.documents[d]!.id)) plan.keptDelta.push(row);
        else plan.droppedDeltaIds.push(passageIdAt(delta, row)!);
      }
    }
  }
  return plan;
}



/**
 * The entry with what the scan recorded of its files this time (a re-read report may have a new
 * stamp, or none). A reused report's entry is returned as it is: no copy of 25k entries.
 */
export function withSource(entry: DocumentEntry, source: ReportSource | undefined): DocumentEntry {
  if (source !== undefined && entry.stamp === source.stamp && entry.warnings === source.warnings) return entry;
  const { stamp: _stamp, warnings: _warnings, ...rest } = entry;
  return { ...rest, ...source };
}

export function documentEntry(report: Report, passageCount: number): DocumentEntry {
  const { text: _text, paragraphs, ...meta } = report;
  return { ...meta, passageCount, paragraphCount: paragraphs.length };
}
