import type { BuildProgress, BuildSummary } from "../index/mod.ts";
import type { Lang } from "../text/mod.ts";
import { htmlMessage } from "./html.ts";
import { message } from "./messages.ts";
import type { Messages } from "./messages.ts";
import { formatDateTime, formatDuration, progressText } from "./progress.ts";

/** What /status reports of the running service (the service's own status satisfies it). */
export interface StatusFacts {
  /** The model's name as shown to everyone (not its path on the server). */
  model: string;
  dimensions: number;
  reports: number;
  passages: number;
  /** When the index in force was built (ISO). */
  builtAt: string;
  startedAt: Date;
  lastReindex?: BuildSummary;
  reindexing?: BuildProgress;
  /** Set while questions are matched by keywords only; `kind` names why (a `status.keyword_why.*` text). */
  keywordOnly?: { kind: string };
  /** The background embedding of a keyword-only index, while it runs. */
  embedding?: BuildProgress;
  /** Set when a damaged index was replaced at start (a `status.recovered_*` text). */
  recovery?: { action: string };
}

/**
 * /status as the bot and the terminal chat word it: model, reports and passages, when the index
 * was built, the last reindex, uptime; then keyword-only search and background embedding when
 * they apply, and a reindex under way. HTML; the terminal turns it into text.
 */
export function statusHtml(s: StatusFacts, lang: Lang, messages: Messages): string {
  const last = s.lastReindex;
  const lines = [
    htmlMessage(messages, lang, "status.text", {
      model: s.model,
      dimensions: s.dimensions,
      reports: s.reports,
      passages: s.passages,
      builtAt: formatDateTime(s.builtAt, lang),
      lastReindex:
        last === undefined
          ? message(messages, lang, "status.no_reindex")
          : message(messages, lang, "status.last_reindex", {
              duration: formatDuration(last.durationMs, lang, messages),
              added: last.added.length,
              changed: last.changed.length,
              removed: last.removed.length,
            }),
      uptime: formatDuration(Date.now() - s.startedAt.getTime(), lang, messages),
    }),
  ];
  if (s.recovery !== undefined) lines.push(htmlMessage(messages, lang, `status.recovered_${s.recovery.action}`));
  if (s.keywordOnly !== undefined) {
    lines.push(htmlMessage(messages, lang, "status.keyword_only", { why: message(messages, lang, `status.keyword_why.${s.keywordOnly.kind}`) }));
  }
  if (s.embedding !== undefined) {
    const { passagesDone, passagesTotal, remainingMs } = s.embedding;
    const eta = remainingMs === undefined ? "" : message(messages, lang, "reindex.eta", { remaining: formatDuration(remainingMs, lang, messages) });
    lines.push(htmlMessage(messages, lang, "status.embedding", { done: passagesDone, total: passagesTotal, eta }));
  }
  if (s.reindexing !== undefined) lines.push(`\n${progressText(s.reindexing, lang, messages)}`);
  return lines.join("\n");
}
