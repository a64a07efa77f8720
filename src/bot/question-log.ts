import type { Context } from "grammy";
import type { Answer } from "../answer/mod.ts";
import type { Logger } from "../log.ts";
import type { SearchResult } from "../search/mod.ts";
import type { QuestionStore, Verdict, Vote, VoteTally } from "../store/mod.ts";

/** The verdict to record for a reply that did not state one: found → `answered`, else `not_found`. */
export function verdictOf(answer: Answer): Verdict {
  return answer.found ? "answered" : "not_found";
}

/** What the bot tells the question log about one answered question. */
export interface AnsweredQuestion {
  question: string;
  answer: Answer;
  result: SearchResult;
  /** The reply's verdict (answered / uncertain / not found); without it, taken from `answer.found`. */
  verdict?: Verdict;
  /** `performance.now()` when the question arrived. */
  startedAt: number;
}

/** The bot's side of the question store: records answers, and votes on them. */
export interface QuestionLog {
  readonly store: QuestionStore;
  /** Records a question once its answer was sent. Never throws: a full disk must not cost the asker the answer. */
  answered(ctx: Context, input: AnsweredQuestion): void;
  /** Records a press of 👍/👎 under the answer to `result`; undefined when that answer was not recorded. */
  vote(result: SearchResult, voterId: number, vote: Vote): VoteTally | undefined;
}

/** A {@link QuestionLog} over `store`; answers are matched to their votes by their search result. */
export function createQuestionLog(store: QuestionStore, log: Logger): QuestionLog {
  // The button cache keeps the search result, so the result object is what ties a press to its question.
  const ids = new WeakMap<SearchResult, number>();
  return {
    store,
    answered(ctx, { question, answer, result, verdict, startedAt }) {
      const top = result.hits[0]?.document;
      const stated = verdict ?? verdictOf(answer);
      try {
        const id = store.record({
          askedAt: new Date(),
          text: question,
          lang: answer.lang,
          verdict: stated,
          askerId: ctx.from?.id,
          chatKind: ctx.chat?.type === "private" ? "private" : "group",
          replyMs: performance.now() - startedAt,
          best: top === undefined ? undefined : { file: top.file, title: top.title },
          // Only an answer cites: the closest passages of a "not sure" reply are kept as `best` for /gaps.
          cited: stated === "answered" ? answer.items.map((i) => ({ file: i.citation.file, title: i.citation.title })) : [],
        });
        ids.set(result, id);
      } catch (error) {
        log.error({ reason: (error as Error).message, file: store.file }, "question not recorded");
      }
    },
    vote(result, voterId, vote) {
      const id = ids.get(result);
      return id === undefined ? undefined : store.vote(id, voterId, vote);
    },
  };
}
