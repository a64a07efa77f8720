import type { SignalCalibration } from "./calibration.ts";
import type { EvalReport, Metrics, ModeReport, VerdictSplit } from "./types.ts";

const fixed = (x: number, digits = 3) => (Number.isNaN(x) ? "–" : x.toFixed(digits));

function columns(cutoffs: readonly number[], depth: number): string[] {
  return [
    "n",
    ...cutoffs.map((k) => `doc@${k}`),
    `MRR@${depth}`,
    ...cutoffs.map((k) => `psg@${k}`),
    "NF-unans",
    "NF-ans",
    "ans@1",
    "A/U/N ans",
    "A/U/N unans",
    "msg p50/p95",
    "ms/q",
  ];
}

/** Verdict shares as "answered/uncertain/not found", two digits each. */
const split = (v: VerdictSplit) => (Number.isNaN(v.answered) ? "–" : [v.answered, v.uncertain, v.not_found].map((x) => x.toFixed(2)).join("/"));

function row(m: Metrics, cutoffs: readonly number[]): string[] {
  return [
    `${m.questions}`,
    ...cutoffs.map((k) => fixed(m.docHit[k] ?? Number.NaN)),
    fixed(m.mrr),
    ...cutoffs.map((k) => fixed(m.passageHit[k] ?? Number.NaN)),
    fixed(m.notFoundUnanswerable),
    fixed(m.notFoundAnswerable),
    fixed(m.answerAt1),
    split(m.verdicts.answerable),
    split(m.verdicts.unanswerable),
    Number.isNaN(m.messageChars.p50) ? "–" : `${m.messageChars.p50}/${m.messageChars.p95}`,
    fixed(m.msPerQuestion, 1),
  ];
}

/** Lays out rows as a plain-text table: first column left-aligned, the rest right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** One mode's table: the overall row, then one row per kind, language and diacritics value. */
export function formatMode(mode: ModeReport, cutoffs: readonly number[], depth: number): string {
  const rows: string[][] = [["all", ...row(mode.overall, cutoffs)]];
  const groups: [string, Record<string, Metrics>][] = [["kind", mode.byKind], ["lang", mode.byLang], ["diacritics", mode.byDiacritics]];
  for (const [name, group] of groups) {
    const values = Object.keys(group);
    if (values.length < 2) continue; // a breakdown with one value repeats the overall row
    for (const value of values) rows.push([`${name}=${value}`, ...row(group[value]!, cutoffs)]);
  }
  const table = `${mode.mode} (${mode.seconds.toFixed(1)} s)\n${formatTable([mode.mode, ...columns(cutoffs, depth)], rows)}`;
  return mode.calibration.length === 0 ? table : `${table}\n${formatCalibration(mode.calibration)}`;
}

/**
 * The "not found" calibration of one mode: per signal, the quantiles of the best value for
 * answerable and unanswerable questions, and what candidate thresholds would keep and reject.
 */
export function formatCalibration(calibration: readonly SignalCalibration[]): string {
  const parts: string[] = [];
  for (const c of calibration) {
    const setting = c.signal === "lexical" ? "MIN_LEXICAL_SCORE" : "MIN_DENSE_SCORE";
    const q = (xs: number[]) => xs.map((x) => fixed(x, 2)).join(" ");
    parts.push(
      `  best ${c.signal} (p10 p25 p50 p75 p90): answerable ${q(c.answerable)} | unanswerable ${q(c.unanswerable)}`,
      formatTable(
        [`  ${setting}`, ...c.rows.map((r) => fixed(r.threshold, 2))],
        [
          ["  answerable kept", ...c.rows.map((r) => fixed(r.answerableKept))],
          ["  unanswerable rejected", ...c.rows.map((r) => fixed(r.unanswerableRejected))],
        ],
      ),
    );
  }
  return parts.join("\n");
}

/** The whole report as the terminal shows it: what was run, one table per mode, a legend, run time. */
export function formatReport(report: EvalReport): string {
  const s = report.search;
  const c = report.corpus;
  const q = report.questions;
  const lines = [
    `model: ${report.model} (${report.dimensions} dimensions)`,
    `corpus: ${c.reports} reports (${c.distractors} distractors), ${c.passages} passages, ${c.skipped} files skipped; index ${c.reused ? "updated" : "built"} in ${c.buildSeconds.toFixed(1)} s (${c.indexDir})`,
    `questions: ${q.total} (${q.answerable} answerable, ${q.unanswerable} unanswerable${q.heldOut > 0 ? `, ${q.heldOut} gold documents held out of the index` : ""})${q.skipped.length > 0 ? `, ${q.skipped.length} lines skipped` : ""}${report.stripDiacritics ? ", diacritics stripped" : ""}`,
    `search: fusion ${s.fusion}${s.fusion === "rrf" ? ` (k ${s.rrfK})` : ""}, dense weight ${s.denseWeight}, candidates ${s.candidates}, top ${s.topK}, "not found" below lexical ${s.minLexicalScore} and dense ${s.minDenseScore} (lexical ${s.minAgreedLexicalScore} when both agree)${s.glossary ? `, glossary ${s.glossary}` : ", no glossary"}`,
  ];
  for (const skipped of q.skipped.slice(0, 5)) lines.push(`  skipped ${skipped}`);
  if (q.skipped.length > 5) lines.push(`  … and ${q.skipped.length - 5} more skipped`);
  if (q.missingDocs.length > 0) {
    lines.push(`WARNING: ${q.missingDocs.length} gold documents are not in the index (wrong --corpus?): ${q.missingDocs.slice(0, 5).join(", ")}${q.missingDocs.length > 5 ? ", …" : ""}`);
  }
  for (const mode of report.modes) lines.push("", formatMode(mode, report.cutoffs, report.k));
  lines.push(
    "",
    "doc@k: a gold document among the first k documents; psg@k: a gold snippet (or at least half of it) in the first k passages;",
    "NF-unans: unanswerable questions answered \"not found\" (higher is better); NF-ans: answerable ones wrongly so (lower is better).",
    "ans@1: the first answer sentence is from a gold report and holds the gold answer; A/U/N: shares answered / uncertain / not found;",
    "msg: characters of the first reply (HTML, as the bot sends it).",
    `total ${report.seconds.toFixed(1)} s`,
  );
  return lines.join("\n");
}
