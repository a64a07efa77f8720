/**
 * The evaluation stage: question sets → an index built for them → every question asked in every
 * search mode → retrieval figures (`npm run eval`).
 *
 * Commonly used: {@link runEval} (the whole run) and {@link formatReport} (the terminal table).
 * The parts, for measurements and tests: question sets ({@link parseQuestions},
 * {@link squadToQuestionSet}, {@link loadDistractors}), judging one search ({@link judgeSearch},
 * {@link holdsSnippet}), and the figures ({@link summarize}, {@link breakdown}).
 */

// Commonly used
export { runEval } from "./run.ts";
export type { EvalOptions } from "./run.ts";
export { formatReport } from "./format.ts";
export type { EvalDocument, EvalMode, EvalQuestion, EvalReport, QuestionOutcome, RankedResult } from "./types.ts";

// Question sets and corpora
export { parseQuestions } from "./questions.ts";
export { squadToQuestionSet, SquadError } from "./squad.ts";
export { loadDistractors } from "./distractors.ts";
export { holdOut, isHeldOut } from "./holdout.ts";

// Judging and figures
export { judgeSearch, isGoldDocument } from "./judge.ts";
export { holdsSnippet, matchWords, longestCommonRun, requiredRun } from "./snippet.ts";
export { summarize, breakdown, cutoffsFor } from "./metrics.ts";
export { calibrate } from "./calibration.ts";
