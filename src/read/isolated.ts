/**
 * Reads report files in a separate process with a time limit and a heap limit. Parsers of office
 * formats and PDFs are large, and a hostile or broken file can make one loop, allocate without
 * end or crash; in a child process that costs the one file (skipped with the reason) and never
 * the bot, whether the caller is the bot itself (its first index) or the reindex process.
 *
 * Text files (.txt, .md) are read in the caller: their decoding is simple, bounded code, and a
 * process round trip per file would slow a 25k-report scan for nothing.
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ReaderRequest, ReaderResponse } from "./isolated-protocol.ts";
import { isPlainText } from "./read.ts";
import { reason } from "./reasons.ts";
import { readTextFile } from "./text.ts";
import { DEFAULT_READ_LIMITS } from "./types.ts";
import type { ReadLimits, ReadResult } from "./types.ts";
import { sniffFormat } from "./sniff.ts";

const CHILD_ENTRY = fileURLToPath(new URL("./reader-child.ts", import.meta.url));

/**
 * This process's environment without secrets: the process that opens untrusted files needs none,
 * and must never hold the bot token or an API key.
 */
function envWithoutSecrets(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/TOKEN|KEY|SECRET|PASSWORD/i.test(key)));
}

/** Reads files; {@link IsolatedReader.close} ends the parsing process. */
export interface IsolatedReader {
  /** The file's text, or why it cannot be indexed. Never rejects. */
  read(bytes: Uint8Array, name: string): Promise<ReadResult>;
  /** Ends the parsing process (if one was started). The reader may not be used afterwards. */
  close(): void;
}

/**
 * A reader that parses non-text formats in a child process, started on the first such file and
 * restarted after one that had to be killed. Files are parsed one at a time, in the order asked.
 */
export function createIsolatedReader(limits: ReadLimits = DEFAULT_READ_LIMITS): IsolatedReader {
  let child: ChildProcess | undefined;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const start = (): ChildProcess => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const c = fork(CHILD_ENTRY, [], {
      execArgv: ["--import", tsx, `--max-old-space-size=${limits.maxHeapMb}`],
      env: envWithoutSecrets(),
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    c.stderr?.on("data", () => {}); // drained: pdf.js warns on damaged files
    // A process that ends between files (or cannot start) is replaced at the next file; an
    // 'error' event without a listener would otherwise take the caller down with it.
    c.on("error", () => {
      if (child === c) child = undefined;
    });
    c.on("exit", () => {
      if (child === c) child = undefined;
    });
    c.unref();
    (c as unknown as { channel?: { unref(): void } }).channel?.unref();
    return c;
  };

  const parse = (bytes: Uint8Array, name: string): Promise<ReadResult> =>
    new Promise((resolve) => {
      child ??= start();
      const c = child;
      const id = nextId++;
      let stderr = "";
      const onErr = (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      };
      const finish = (result: ReadResult) => {
        clearTimeout(timer);
        c.off("message", onMessage);
        c.off("exit", onExit);
        c.off("error", onError);
        c.stderr?.off("data", onErr);
        resolve(result);
      };
      const onMessage = (message: ReaderResponse) => {
        if (message.id === id) finish(message.result);
      };
      const onError = (error: Error) => finish({ ok: false, reason: reason("read.parser_could_not_run", { error: error.message }) });
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        const telling = stderr.split("\n").reverse().find((l) => /error|memory|fatal/i.test(l))?.trim();
        // The parser's last words, when it left any: the texts put them after a colon.
        const detail = telling === undefined ? "" : `: ${telling.slice(0, 200)}`;
        if (/heap|memory/i.test(stderr)) finish({ ok: false, reason: reason("read.parser_out_of_memory") });
        else if (signal !== null) finish({ ok: false, reason: reason("read.parser_died", { signal, detail }) });
        else finish({ ok: false, reason: reason("read.parser_exited", { code: String(code), detail }) });
      };
      const timer = setTimeout(() => {
        if (child === c) child = undefined;
        c.off("exit", onExit);
        c.off("error", onError);
        c.kill("SIGKILL");
        const timeout = limits.timeoutMs >= 1000 ? reason("read.parser_timeout_s", { seconds: Math.round(limits.timeoutMs / 1000) }) : reason("read.parser_timeout_ms", { ms: limits.timeoutMs });
        finish({ ok: false, reason: timeout });
      }, limits.timeoutMs);
      c.on("message", onMessage);
      c.on("exit", onExit);
      c.on("error", onError);
      c.stderr?.on("data", onErr);
      const request: ReaderRequest = { id, bytes, name, limits };
      c.send(request, (error) => {
        if (error) finish({ ok: false, reason: reason("read.parser_not_sent", { error: error.message }) });
      });
    });

  return {
    read(bytes, name) {
      if (closed) return Promise.resolve({ ok: false, reason: reason("read.reader_closed") });
      if (isPlainText(name)) {
        const sniffed = sniffFormat(bytes, name);
        if (!sniffed.ok) return Promise.resolve(sniffed);
        return Promise.resolve(readTextFile(bytes, sniffed.format as "txt" | "md"));
      }
      const result = queue.then(() => parse(bytes, name));
      queue = result;
      return result;
    },
    close() {
      closed = true;
      child?.kill();
      child = undefined;
    },
  };
}
