/**
 * A child process for the kill -9 test: records questions into the store given as argv[2] as fast
 * as it can, telling the parent the id of every 25th committed record, until it is killed.
 */
import { openQuestionStore } from "../../src/store/mod.ts";

const store = openQuestionStore(process.argv[2]!, { retentionDays: 30 });
for (let i = 0; ; i++) {
  const id = store.record({
    askedAt: new Date(),
    text: `câu hỏi số ${i} về trạm bơm`,
    lang: "vi",
    verdict: i % 2 === 0 ? "answered" : "not_found",
    askerId: 7,
    chatKind: "private",
    replyMs: 100,
    cited: [{ file: "a.txt", title: "A" }],
  });
  if (id % 25 === 0) process.send!(id);
}
