import { citationOf } from "../answer/mod.ts";
import type { DocumentEntry, IndexedPassage } from "../index/mod.ts";
import type { Lang } from "../text/mod.ts";
import { citationHtml, htmlMessage } from "./html.ts";
import type { Messages } from "./messages.ts";
import type { MessageBlock } from "./split-message.ts";

/** A passage with its report and its neighbours in the report, as the "full passage" view shows it. */
export interface PassageInContext {
  passage: IndexedPassage;
  document: DocumentEntry;
  before?: Pick<IndexedPassage, "text">;
  after?: Pick<IndexedPassage, "text">;
}

/**
 * "Full passage [n]": the citation, then the passage in an open blockquote, with the passages
 * before and after it in the report as collapsed quotes, so the reader sees the context.
 */
export function passageBlocks(context: PassageInContext, n: number, lang: Lang, messages: Messages): MessageBlock[] {
  const { passage, document, before, after } = context;
  const citation = citationOf(passage, document, n);
  const label = (key: string) => `<i>${htmlMessage(messages, lang, key)}</i>`;
  const blocks: MessageBlock[] = [{ html: `<b>${htmlMessage(messages, lang, "passage.header")}</b>\n${citationHtml(citation, lang, messages)}` }];
  if (before !== undefined) blocks.push({ html: label("passage.before"), quote: [{ text: before.text }] });
  blocks.push({ html: label("passage.this"), quote: [{ text: passage.text }], expandable: false });
  if (after !== undefined) blocks.push({ html: label("passage.after"), quote: [{ text: after.text }] });
  return blocks;
}
