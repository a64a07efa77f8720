/**
 * `npx tsx tools/preview/chat-page.ts ANSWERS.jsonl OUT.html`: a page shaped like a Telegram chat
 * (a phone-wide column, the question as the user's bubble, the reply as the bot's) from the output
 * of `npm run ask -- --json --questions FILE`, so a reply's layout can be looked at in a browser or
 * screenshotted with headless Chromium before anyone sees it in Telegram. The reply's `message` is
 * the HTML the bot sends; Telegram's own formatting rules (line breaks kept, quotes as a bar) are
 * imitated with CSS.
 */
import { readFileSync, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  console.error("usage: npx tsx tools/preview/chat-page.ts ANSWERS.jsonl OUT.html");
  process.exit(2);
}
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const bubbles = readFileSync(input, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as { question: string; message?: string })
  .map((a) => `<div class="me">${escape(a.question)}</div>\n<div class="bot">${(a.message ?? "").replace(/<blockquote expandable>/g, '<blockquote class="expandable">')}<div class="buttons"><span>Toàn văn [1]</span><span>Thêm kết quả ▸</span></div></div>`)
  .join("\n");
writeFileSync(
  output,
  `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#8fb78a;font:15px/1.35 "DejaVu Sans",sans-serif}
.chat{max-width:420px;margin:0 auto;padding:8px 8px 40px}
.me,.bot{white-space:pre-wrap;border-radius:12px;padding:7px 10px;margin:6px 0;max-width:88%;box-shadow:0 1px 1px #0003;word-wrap:break-word}
.me{background:#e1fec6;margin-left:auto}
.bot{background:#fff}
blockquote{margin:4px 0;padding:2px 8px;border-left:3px solid #3a8be0;background:#eef5fd;border-radius:4px;white-space:pre-wrap}
blockquote.expandable{max-height:4.1em;overflow:hidden}
code{font:13px monospace;color:#c0392b}
a{color:#2a7bd0}
.buttons{display:flex;gap:4px;margin-top:8px}.buttons span{flex:1;text-align:center;background:#6c9a6a33;border-radius:6px;padding:5px;font-size:13px}
</style><div class="chat">\n${bubbles}\n</div>\n`,
);
