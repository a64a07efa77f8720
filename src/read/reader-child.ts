/**
 * The process that parses report files (see isolated.ts): it reads the files it is sent, one at a
 * time, and answers with the text or the reason. It holds nothing else, so a parser that crashes
 * or runs out of memory here costs the file being read, and a parser that hangs is killed.
 */
import { readReportFile } from "./read.ts";
import type { ReaderRequest, ReaderResponse } from "./isolated-protocol.ts";

if (process.send === undefined) {
  console.error("reader-child.ts is started by isolated.ts (child_process.fork), not by hand.");
  process.exit(2);
}

let queue = Promise.resolve();

process.on("message", (message: ReaderRequest) => {
  queue = queue.then(async () => {
    const result = await readReportFile(message.bytes, message.name, message.limits);
    const response: ReaderResponse = { id: message.id, result };
    await new Promise<void>((resolve) => process.send!(response, undefined, undefined, () => resolve()));
  });
});

process.on("disconnect", () => process.exit(0));
