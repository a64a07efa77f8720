/**
 * Benchmark of the lexical index on XQuAD-vi (SQuAD format; each paragraph one passage): a question
 * hits when its paragraph ranks first (hit@1) or in the first five (hit@5), asked as written and
 * with its diacritics stripped. Then each article is taken out of the index in turn and its
 * questions asked again, to see how well lexical relevance tells "in the reports" from "not".
 *
 *   npx tsx src/cli/lexical-xquad.ts [path/to/xquad.vi.json]
 */
import { readFileSync } from "node:fs";
import { addToLexical, createLexicalIndex, removeFromLexical, searchLexical } from "../index/lexical.ts";
import type { LexicalDocument } from "../index/lexical.ts";
import { foldDiacritics } from "../text/mod.ts";

const file = process.argv[2] ?? "../shared/eval/xquad-vi/xquad.vi.json";
interface Squad { data: { paragraphs: { context: string; qas: { question: string }[] }[] }[] }
const squad = JSON.parse(readFileSync(file, "utf8")) as Squad;

const articles: { docs: LexicalDocument[]; questions: { q: string; gold: string }[] }[] = [];
let n = 0;
for (const article of squad.data) {
  const docs: LexicalDocument[] = [];
  const questions: { q: string; gold: string }[] = [];
  for (const p of article.paragraphs) {
    const id = `p${n++}`;
    docs.push({ id, text: p.context });
    for (const qa of p.qas) questions.push({ q: qa.question, gold: id });
  }
  articles.push({ docs, questions });
}
const allQuestions = articles.flatMap((a) => a.questions);
const index = createLexicalIndex();
const t0 = performance.now();
addToLexical(index, articles.flatMap((a) => a.docs));
console.log(`${n} passages indexed in ${Math.round(performance.now() - t0)} ms; ${allQuestions.length} questions`);

const fmt = (x: number) => x.toFixed(3);
const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return [0.1, 0.25, 0.5, 0.75, 0.9].map((p) => fmt(s[Math.floor(p * (s.length - 1))]!)).join(" / ");
};

for (const strip of [false, true]) {
  const ask = (q: string) => (strip ? foldDiacritics(q) : q);
  let h1 = 0, h5 = 0, rr = 0;
  const inCorpus: number[] = [];
  const t = performance.now();
  for (const { q, gold } of allQuestions) {
    const hits = searchLexical(index, ask(q), 5);
    const rank = hits.findIndex((h) => h.id === gold);
    if (rank === 0) h1++;
    if (rank >= 0) { h5++; rr += 1 / (rank + 1); }
    inCorpus.push(hits[0]?.relevance ?? 0);
  }
  const k = allQuestions.length;
  const ms = (performance.now() - t) / k;
  console.log(`\n${strip ? "diacritics stripped" : "as written"}: hit@1 ${fmt(h1 / k)}  hit@5 ${fmt(h5 / k)}  MRR@5 ${fmt(rr / k)}  (${ms.toFixed(1)} ms/question)`);

  // Out of corpus: the question's whole article is removed, so nothing can answer it.
  const outOfCorpus: number[] = [];
  for (const article of articles) {
    removeFromLexical(index, article.docs.map((d) => d.id));
    for (const { q } of article.questions) outOfCorpus.push(searchLexical(index, ask(q), 1)[0]?.relevance ?? 0);
    addToLexical(index, article.docs);
  }
  console.log(`  top relevance, answer in index: p10/p25/p50/p75/p90 ${quantiles(inCorpus)}`);
  console.log(`  top relevance, article removed: p10/p25/p50/p75/p90 ${quantiles(outOfCorpus)}`);
  // AUC: the chance that an answerable question's top relevance beats an unanswerable one's.
  let wins = 0;
  for (const a of inCorpus) for (const b of outOfCorpus) wins += a > b ? 1 : a === b ? 0.5 : 0;
  console.log(`  separation (AUC) ${fmt(wins / (inCorpus.length * outOfCorpus.length))}`);
  for (const th of [0.2, 0.3, 0.4, 0.5]) {
    const keep = inCorpus.filter((x) => x >= th).length / inCorpus.length;
    const reject = outOfCorpus.filter((x) => x < th).length / outOfCorpus.length;
    console.log(`  threshold ${th}: answerable kept ${fmt(keep)}, unanswerable rejected ${fmt(reject)}`);
  }
}
