import { foldDiacritics, glossaryAdditions, queryTerms, QUESTION_WORDS, FOLDED_QUESTION_WORDS, tokenize } from "../text/mod.ts";
import type { Glossary } from "../text/mod.ts";
import { countsWhatWasAsked, holdsKind, questionIntent } from "./question-intent.ts";
import type { QuestionIntent } from "./question-intent.ts";

/**
 * How rare a diacritic-free syllable is among the indexed passages (BM25's IDF): a word most
 * passages share says little about which sentence answers. Without an index, every word weighs 1.
 */
export type TermRarity = (foldedTerm: string) => number;

/** A question prepared once for scoring many sentences. */
export interface ScoringQuestion {
  intent: QuestionIntent;
  /** Whether it was typed with diacritics: then an accented match counts more than a folded one. */
  accented: boolean;
  /** Its searched words, folded, each with its weight (rarity), and its accented form when typed so. */
  terms: { folded: string; exact?: string; weight: number }[];
  /** Adjacent pairs of searched words, folded ("khu dan", "dan cu"). */
  pairs: string[];
  /** The question's words in order, folded (for the longest run in order). */
  sequence: string[];
  /** Every word of the question, folded and lower case: an answer must bring something else. */
  asked: Set<string>;
  glossary?: Glossary;
  weights: ScorerWeights;
}

/** What a sentence scored, and why. */
export interface SentenceScore {
  /** The combined score sentences are ranked by (not bounded; compare within one question). */
  score: number;
  /** The weighted share of the question's words the sentence holds, 0–1 (accent-aware). */
  coverage: number;
  /** The share of the question's word pairs the sentence holds, 0–1. */
  pairs: number;
  /** Whether it holds what the question asks for (`undefined` when the question does not say). */
  kindMatched?: boolean;
  /** Words in the sentence. */
  words: number;
}

/** The weights of a sentence's score (see {@link scoreSentence}); measured in docs/measurements/2026-12-02-verdicts.md and 2026-12-02-answer-sentences.md. */
export interface ScorerWeights {
  /** Credit for a word matched only without its diacritics when the question was typed with them. */
  foldedOnly: number;
  /** Sentences up to this many words are not penalised for length; longer ones are, gently. */
  comfortableWords: number;
  /** Bonus for holding what the question asks for, and for a number right before the counted noun. */
  kind: number;
  count: number;
  /** Share of the score given by word pairs (the rest by single words). */
  pairs: number;
  /** Exponent of the local (among-candidates) word weight; 0 ignores it. */
  local: number;
  /** Weight of the longest run of the question's words the sentence holds in order (share of the question). */
  run: number;
  /**
   * Credit for a question word the sentence lacks but the sentence before it (same paragraph)
   * holds: reports name the subject once ("Công an huyện Cẩm Khê…") and go on with "Đơn vị đã…".
   */
  context: number;
  /**
   * The same credit for a sentence that opens by referring back ("Bên cạnh đó, huyện đã…", "Họ
   * cũng…"): it says outright that it goes on about the subject the sentence before named.
   */
  continued: number;
}

export const DEFAULT_SCORER_WEIGHTS: ScorerWeights = { foldedOnly: 0.5, comfortableWords: 35, kind: 0.15, count: 0.15, pairs: 0.25, local: 1, run: 0.2, context: 0.4, continued: 0.8 };

const isNumeric = (t: string) => /^\d+(?:[.,/-]\d+)*$/.test(t);

/** Prepares a question for {@link scoreSentence}. */
export function scoringQuestion(question: string, rarity: TermRarity = () => 1, glossary?: Glossary, weights: ScorerWeights = DEFAULT_SCORER_WEIGHTS): ScoringQuestion {
  const q = queryTerms(question);
  const seen = new Set<string>();
  const terms: ScoringQuestion["terms"] = [];
  q.folded.forEach((folded, i) => {
    if (seen.has(folded)) return;
    seen.add(folded);
    terms.push({ folded, exact: q.accented ? q.exact[i] : undefined, weight: Math.max(0.05, rarity(folded)) });
  });
  const isQuestionWord = (w: string) => FOLDED_QUESTION_WORDS.has(w) || QUESTION_WORDS.has(w);
  const pairs = [...new Set(q.foldedBigrams.filter((b) => !b.split(" ").some(isQuestionWord)))];
  const asked = new Set(tokenize(question).map(foldDiacritics));
  return { intent: questionIntent(question), accented: q.accented, terms, pairs, asked, sequence: tokenize(question).map(foldDiacritics).filter((t) => !isQuestionWord(t)), glossary, weights };
}

/** A sentence's words, as scoring compares them (see {@link sentenceFeatures}). */
export interface SentenceFeatures {
  /** Folded words in order. */
  sequence: string[];
  exact: Set<string>;
  folded: Set<string>;
  pairs: Set<string>;
  words: number;
}

/** The words of a sentence (expanded with the glossary forms it implies), accented, folded and paired. */
export function sentenceFeatures(q: ScoringQuestion, sentence: string): SentenceFeatures {
  // The glossary forms the sentence implies ("ANTT" → "an ninh trật tự") count as written in it.
  const additions = q.glossary === undefined ? [] : glossaryAdditions(sentence, q.glossary).flat();
  const text = additions.length === 0 ? sentence : [sentence, ...additions].join("\n");
  const tokens = tokenize(text);
  const folded = tokens.map(foldDiacritics);
  const pairs = new Set<string>();
  for (let i = 1; i < folded.length; i++) pairs.add(`${folded[i - 1]} ${folded[i]}`);
  const words = tokenize(sentence).filter((t) => !/[.,/:_-]/.test(t) || isNumeric(t)).length;
  return { sequence: folded, exact: new Set(tokens), folded: new Set(folded), pairs, words };
}

/**
 * Scores one sentence as an answer to the question: the weighted share of the question's words it
 * holds (an accented match counts fully, a match only without diacritics half when the question
 * had them; the glossary lets "ANTT" meet "an ninh trật tự"), the share of the question's word
 * pairs, whether it holds what the question asks for (a number, a date, a person, a place — not
 * merely the question's own numbers), and a gentle preference for sentences a reader takes in at
 * a glance over 80-word ones. `local` multiplies a word's weight when ranking among many
 * sentences: a word every candidate sentence shares (the topic) tells them apart less than one few
 * hold.
 * `before` is the sentence before it in its paragraph: a question word only that one holds earns
 * `context` of its credit (the subject a sentence refers back to with "họ", "đơn vị", "công ty"),
 * or `continued` of it when the sentence `continues` it outright ("Bên cạnh đó…", "Họ cũng…").
 */
export function scoreSentence(q: ScoringQuestion, sentence: string, local?: ReadonlyMap<string, number>, features = sentenceFeatures(q, sentence), before?: SentenceFeatures, continues = false): SentenceScore {
  const w = q.weights;
  const context = continues ? w.continued : w.context;
  let total = 0;
  let held = 0;
  let localTotal = 0;
  let localHeld = 0;
  for (const t of q.terms) {
    const l = t.weight * (local === undefined || w.local === 0 ? 1 : Math.max(0.05, local.get(t.folded) ?? 1) ** w.local);
    total += t.weight;
    localTotal += l;
    if (!features.folded.has(t.folded)) {
      // Only the ranking focus takes the credit: `coverage` stays what the sentence itself holds.
      if (before !== undefined && before.folded.has(t.folded)) localHeld += l * context * (t.exact === undefined || before.exact.has(t.exact) ? 1 : w.foldedOnly);
      continue;
    }
    const credit = t.exact === undefined || features.exact.has(t.exact) ? 1 : w.foldedOnly;
    held += t.weight * credit;
    localHeld += l * credit;
  }
  const coverage = total > 0 ? held / total : 0;
  const focus = localTotal > 0 ? localHeld / localTotal : 0;
  const pairs = q.pairs.length > 0 ? q.pairs.filter((p) => features.pairs.has(p)).length / q.pairs.length : coverage;

  let kindMatched: boolean | undefined;
  let bonus = 0;
  const { wants, counted } = q.intent;
  if (wants !== undefined) {
    // What the question itself names ("năm 2023", "Super Bowl") does not answer it: only what the
    // sentence adds can be the number, date, person or place asked for.
    const rest = withoutQuestionWords(sentence, q.asked);
    const holds = holdsKind(rest, wants);
    if (holds) bonus += w.kind;
    kindMatched = holds;
    if (counted !== undefined) {
      // "How many members": only a (new) number next to "members" answers it.
      kindMatched = countsWhatWasAsked(withoutQuestionNumbers(sentence, q.asked), counted);
      if (kindMatched) bonus += w.count;
    }
  }
  const length = (features.words <= w.comfortableWords ? 1 : Math.sqrt(w.comfortableWords / features.words)) * (isCaption(sentence, features.words) ? CAPTION_FACTOR : 1);
  const run = w.run === 0 || q.sequence.length === 0 ? 0 : longestRun(features.sequence, q.sequence) / q.sequence.length;
  const lexical = focus * (1 - w.pairs + w.pairs * pairs) + w.run * run + bonus;
  return { score: lexical * length, coverage, pairs, kindMatched, words: features.words };
}

/**
 * How much each of the question's words tells `sentences` apart: log((n + 1) / (held + 0.5)),
 * where `held` counts the sentences holding the word — the IDF of the word among the candidates.
 */
export function localWeights(q: ScoringQuestion, sentences: readonly SentenceFeatures[]): Map<string, number> {
  const n = sentences.length;
  const weights = new Map<string, number>();
  for (const t of q.terms) {
    const held = sentences.filter((f) => f.folded.has(t.folded)).length;
    weights.set(t.folded, Math.log((n + 1) / (held + 0.5)));
  }
  return weights;
}

/** A photo caption or a heading ("Đại tá Nguyễn Thanh Hưởng phát biểu"): short, without a full stop. */
function isCaption(sentence: string, words: number): boolean {
  return words < 15 && !/[.!?…:;]["”’)]*$/u.test(sentence.trim());
}
/** How much a caption's score keeps: it names who is in a photo, it rarely answers. */
const CAPTION_FACTOR = 0.6;

/** The sentence with the numbers the question also has blanked out. */
function withoutQuestionNumbers(sentence: string, asked: ReadonlySet<string>): string {
  return sentence.replace(/\d+(?:[.,]\d+)*/g, (n) => (asked.has(n) ? " " : n));
}

/** The sentence with every word the question also has (compared folded, any case) blanked out. */
function withoutQuestionWords(sentence: string, asked: ReadonlySet<string>): string {
  return sentence.replace(/[\p{L}\p{M}\p{N}]+(?:[.,][\p{N}]+)*/gu, (w) => (asked.has(foldDiacritics(w.normalize("NFC")).toLowerCase()) ? " " : w));
}

/** Length of the longest run of consecutive words of `b` found consecutively in `a`. */
function longestRun(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) if (b[j - 1] === word) best = Math.max(best, (current[j] = previous[j - 1]! + 1));
    previous = current;
  }
  return best;
}
