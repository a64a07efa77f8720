import type { TextSpan } from "../corpus/mod.ts";
import type { Hit } from "../search/mod.ts";
import type { Lang } from "../text/mod.ts";

/** Where a passage comes from, in the terms a reader checks it by. */
export interface Citation {
  /** The passage's number in the answer: [1], [2], … */
  n: number;
  docId: string;
  title: string;
  /** ISO date, when the report states one. */
  date?: string;
  file: string;
  paragraphStart: number;
  paragraphEnd: number;
  paragraphCount: number;
  url?: string;
  organisation?: string;
  author?: string;
}

/** One cited passage of an answer. */
export interface AnswerItem {
  n: number;
  citation: Citation;
  passageId: string;
  text: string;
  /** The sentence of `text` that best matches the question (offsets into `text`). */
  highlight: TextSpan;
  score: number;
  dense?: number;
  lexical?: number;
}

/** An extractive answer: the passages that answer a question, each cited. */
export interface Answer {
  question: string;
  lang: Lang;
  found: boolean;
  items: AnswerItem[];
  /** Index of the first item among all ranked hits (for "more results"). */
  offset: number;
  /** How many ranked hits exist in all. */
  total: number;
}
