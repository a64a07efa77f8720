import type { Lang } from "../text/mod.ts";
import { TELEGRAM_MESSAGE_LIMIT } from "./split-message.ts";
import { clip, htmlMessage } from "./html.ts";
import { message } from "./messages.ts";
import { reasonText } from "./reason.ts";
import type { Messages } from "./messages.ts";
import type { BuildProgress, BuildSummary } from "../index/mod.ts";
import type { Reason } from "../read/mod.ts";

/**
 * A duration as people say it: "4,2 giây" / "4.2 s" under a minute, else the two largest units
 * ("2 giờ 5 phút", "3 d 2 h").
 */
export function formatDuration(ms: number, lang: Lang, messages: Messages): string {
  const unit = (u: string) => message(messages, lang, `unit.${u}`);
  if (ms < 60_000) {
    const seconds = (Math.max(0, ms) / 1000).toFixed(1);
    return `${lang === "vi" ? seconds.replace(".", ",") : seconds} ${unit("second")}`;
  }
  const parts: [number, string][] = [
    [Math.floor(ms / 86_400_000), "day"],
    [Math.floor(ms / 3_600_000) % 24, "hour"],
    [Math.floor(ms / 60_000) % 60, "minute"],
    [Math.floor(ms / 1000) % 60, "second"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${unit(u)}`)
    .join(" ");
}

/** A date-time in the reader's convention, in the server's time zone: 04/01/2024 09:30 or 2024-01-04 09:30. */
export function formatDateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  const time = `${p(d.getHours())}:${p(d.getMinutes())}`;
  return lang === "vi"
    ? `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${time}`
    : `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${time}`;
}

/** Seconds left, estimated from the embedding rate so far (the phase that takes the time). */
function remainingMs(p: BuildProgress): number | undefined {
  if (p.remainingMs !== undefined) return p.remainingMs;
  if (p.phase !== "embed" || p.passagesDone <= 0 || p.passagesDone >= p.passagesTotal) return undefined;
  return (p.elapsedMs * (p.passagesTotal - p.passagesDone)) / p.passagesDone;
}

/** The progress message: phase, reports and passages done, time so far and an estimate. */
export function progressText(p: BuildProgress, lang: Lang, messages: Messages): string {
  const remaining = remainingMs(p);
  return htmlMessage(messages, lang, "reindex.progress", {
    phase: message(messages, lang, `reindex.phase.${p.phase}`),
    reportsDone: p.reportsDone,
    reportsTotal: p.reportsTotal,
    passagesDone: p.passagesDone,
    passagesTotal: p.passagesTotal,
    elapsed: formatDuration(p.elapsedMs, lang, messages),
    eta: remaining === undefined ? "" : message(messages, lang, "reindex.eta", { remaining: formatDuration(remaining, lang, messages) }),
  });
}

const MAX_LISTED = 10;

/**
 * The summary a reindex ends with: what changed, passages, duration, the vectors kept while the
 * model is missing, any skipped report, and the warnings of the reports this reindex read (pages
 * left out of a PDF, legacy text converted); warnings of reports it reused were shown when they
 * were read.
 */
export function summaryText(s: BuildSummary, lang: Lang, messages: Messages): string {
  const lines = [
    htmlMessage(messages, lang, "reindex.done", {
      duration: formatDuration(s.durationMs, lang, messages),
      reports: s.reports,
      added: s.added.length,
      changed: s.changed.length,
      removed: s.removed.length,
      unchanged: s.unchanged,
      passages: s.passages,
      embedded: s.passagesEmbedded,
    }),
    ...(s.vectorsKept === undefined ? [] : [htmlMessage(messages, lang, "reindex.vectors_kept", { kept: s.vectorsKept })]),
  ];
  // One message, edited in place: skipped files are listed while they fit in Telegram's limit.
  const room = TELEGRAM_MESSAGE_LIMIT - 20; // for the "… (+N)" line
  let length = lines.join("\n").length;
  let listed = 0;
  for (const f of s.skipped.slice(0, MAX_LISTED)) {
    const line = htmlMessage(messages, lang, "reindex.skipped", { file: clip(f.file, 200), reason: clip(reasonText(messages, lang, f.reason), 200) });
    if (length + 1 + line.length > room) break;
    lines.push(line);
    length += 1 + line.length;
    listed++;
  }
  if (s.skipped.length > listed) lines.push(`… (+${s.skipped.length - listed})`);
  // Then the warnings of the reports this reindex read, while they fit too.
  const read = [...s.added, ...s.changed];
  const fresh = s.warnings.filter((w) => w.file !== undefined && read.includes(w.file));
  let warned = 0;
  for (const w of fresh.slice(0, MAX_LISTED)) {
    const line = htmlMessage(messages, lang, "reindex.warning", { file: clip(w.file ?? "", 200), reason: clip(reasonText(messages, lang, w.reason), 200) });
    if (length + 1 + line.length > room) break;
    lines.push(line);
    length += 1 + line.length;
    warned++;
  }
  if (fresh.length > warned) lines.push(`… (+${fresh.length - warned})`);
  return lines.join("\n");
}

/** The message a failed reindex ends with: why, in `lang`, and that the old index still serves. */
export function failedText(reason: Reason, lang: Lang, messages: Messages): string {
  return htmlMessage(messages, lang, "reindex.failed", { reason: clip(reasonText(messages, lang, reason), 500) });
}
