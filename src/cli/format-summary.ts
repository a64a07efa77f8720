import type { BuildProgress, BuildSummary } from "../index/mod.ts";
import { englishReason, englishWarning } from "../render/mod.ts";

/** A one-line progress report: "embed: 3/5 reports, 40/61 passages, 12 s". */
export function formatProgress(p: BuildProgress): string {
  const left = p.remainingMs === undefined ? "" : `, about ${Math.ceil(p.remainingMs / 1000)} s left`;
  return `${p.phase}: ${p.reportsDone}/${p.reportsTotal} reports, ${p.passagesDone}/${p.passagesTotal} passages, ${(p.elapsedMs / 1000).toFixed(1)} s${left}`;
}

/** The index report printed after a build: what changed, what was skipped and why. */
export function formatSummary(s: BuildSummary): string {
  const lines = [
    s.written === "none"
      ? `Index up to date: no report changed, the index in force is kept (${(s.durationMs / 1000).toFixed(1)} s)`
      : `Index ${s.kind === "full" ? `built (full${s.fullReason ? `: ${s.fullReason}` : ""})` : "updated (incremental)"} in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  reports: ${s.reports} (added ${s.added.length}, changed ${s.changed.length}, removed ${s.removed.length}, unchanged ${s.unchanged})`,
    `  passages: ${s.passages} (${s.passagesEmbedded} embedded)`,
  ];
  if (s.vectorsKept !== undefined) lines.push(`  vectors of ${s.vectorsKept} unchanged passages kept for when the model is back (not embedded again then)`);
  for (const f of s.skipped) lines.push(`  skipped ${f.file}: ${englishReason(f.reason)}`);
  for (const w of s.warnings) lines.push(`  warning: ${englishWarning(w)}`);
  return lines.join("\n");
}
