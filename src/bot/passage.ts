import { citationHtml, citationOf, htmlMessage } from "../answer/mod.ts";
import type { Lang, MessageBlock, Messages } from "../answer/mod.ts";
import type { PassageContext } from "../service/mod.ts";

/**
 * "Full passage [n]": the citation, then the passage in an open blockquote, with the passages
 * before and after it in the report as collapsed quotes, so the reader sees the context.
 */
export function passageBlocks(context: PassageContext, n: number, lang: Lang, messages: Messages): MessageBlock[] {
  const { passage, document, before, after } = context;
  const citation = citationOf({ passage, document, score: 0 }, n);
  const label = (key: string) => `<i>${htmlMessage(messages, lang, key)}</i>`;
  const blocks: MessageBlock[] = [{ html: `<b>${htmlMessage(messages, lang, "passage.header")}</b>\n${citationHtml(citation, lang, messages)}` }];
  if (before !== undefined) blocks.push({ html: label("passage.before"), quote: [{ text: before.text }] });
  blocks.push({ html: label("passage.this"), quote: [{ text: passage.text }], expandable: false });
  if (after !== undefined) blocks.push({ html: label("passage.after"), quote: [{ text: after.text }] });
  return blocks;
}
