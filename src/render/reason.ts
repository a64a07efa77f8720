import type { FileWarning } from "../corpus/mod.ts";
import type { Reason, ReasonParam } from "../read/mod.ts";
import type { Lang } from "../text/mod.ts";
import { loadMessages, message } from "./messages.ts";
import type { Messages } from "./messages.ts";

/**
 * A skip reason or a reader's note in `lang`, as plain text (a caller rendering HTML escapes it):
 * its key's text with the values filled in, nested reasons in the same language. A key this
 * messages file lacks (written by a newer hoidap) is shown as the key and its values rather than
 * hiding the reason.
 */
export function reasonText(messages: Messages, lang: Lang, reason: Reason): string {
  const vars = Object.fromEntries(Object.entries(reason.params ?? {}).map(([name, value]) => [name, paramText(messages, lang, value)]));
  if (messages[lang][reason.key] === undefined && messages.vi[reason.key] === undefined) {
    const values = Object.entries(vars).map(([name, value]) => `${name}: ${value}`);
    return values.length === 0 ? reason.key : `${reason.key} (${values.join(", ")})`;
  }
  return message(messages, lang, reason.key, vars);
}

function paramText(messages: Messages, lang: Lang, value: ReasonParam): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (isReasonList(value)) return value.map((r) => reasonText(messages, lang, r)).join("; ");
  return reasonText(messages, lang, value);
}

function isReasonList(value: Reason | readonly Reason[]): value is readonly Reason[] {
  return Array.isArray(value);
}

/** A warning as one line in `lang`: `"<file>: <reason>"`, or the reason alone when it is about no file. */
export function warningText(messages: Messages, lang: Lang, warning: FileWarning): string {
  const text = reasonText(messages, lang, warning.reason);
  return warning.file === undefined ? text : `${warning.file}: ${text}`;
}

let english: Messages | undefined;

/**
 * The reason in English, from the messages file shipped in `prompts/`: what logs and the
 * command-line index report say, whoever asked.
 */
export function englishReason(reason: Reason): string {
  english ??= loadMessages();
  return reasonText(english, "en", reason);
}

/** A warning in English (see {@link englishReason}). */
export function englishWarning(warning: FileWarning): string {
  english ??= loadMessages();
  return warningText(english, "en", warning);
}
