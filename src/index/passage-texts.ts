import { closeSync, readSync } from "node:fs";
import { IndexError, REBUILD_HINT } from "./errors.ts";

/*
 * Where a passage store's texts are read from. At 100k passages the texts are ~100 MB, while a
 * search reads ~100 of them: a store opened from its file keeps only its columns in memory and
 * reads a text with a positional read of just its bytes (see `readPassageStore`).
 */

/** The text block of a passage store: bytes `from .. to` of it, counted from the block's start. */
export interface PassageTexts {
  /** Size of the block in bytes. */
  readonly size: number;
  /** Copies bytes `from .. to` of the block into `target` at `at`. */
  readInto(target: Uint8Array, at: number, from: number, to: number): void;
  /** Releases the file, if any (idempotent). Reading afterwards throws. */
  close(): void;
}

/** Texts held in memory (a store just encoded, or opened from a buffer): nothing to release. */
export function textsInMemory(block: Uint8Array): PassageTexts {
  return {
    size: block.length,
    readInto: (target, at, from, to) => target.set(block.subarray(from, to), at),
    close: () => undefined,
  };
}

/*
 * Backstop for a store nobody closed (a test, a script, an index dropped on an error path): its
 * descriptor is closed when the store is collected. The service closes the stores it replaces
 * itself (see service/index-holder.ts), so this only bounds what a forgotten close leaks. One
 * registry for the module: it holds no state of its own beyond what the runtime tracks.
 */
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to release
  }
});

/**
 * Texts read from an open file descriptor, the block starting at byte `offset` of the file. The
 * descriptor is owned from here on: `close()` (or collection, as a backstop) closes it. Keeping it
 * open is what lets a build carry texts over from a generation whose directory was deleted
 * meanwhile: on POSIX an open file outlives its name (on Windows libuv opens files with delete
 * sharing, so the delete is only completed when the descriptor is closed).
 */
export function textsInFile(fd: number, file: string, offset: number, size: number): PassageTexts {
  let open = true;
  const texts: PassageTexts = {
    size,
    readInto(target, at, from, to) {
      if (!open) throw new Error(`the passage texts of ${file} were read after the index was closed`);
      if (from < 0 || to > size || from > to) throw new RangeError(`text bytes ${from}..${to} are outside the block of ${size}`);
      let done = 0;
      while (done < to - from) {
        const n = readSync(fd, target, at + done, to - from - done, offset + from + done);
        if (n === 0) {
          throw new IndexError("corrupt", `The index file ${file} ends before the passage text at bytes ${offset + from}..${offset + to} (it was truncated after it was loaded). ${REBUILD_HINT}`);
        }
        done += n;
      }
    },
    close() {
      if (!open) return;
      open = false;
      unclosed.unregister(texts);
      closeSync(fd);
    },
  };
  unclosed.register(texts, fd, texts);
  return texts;
}

/** Bytes `from .. to` of the block, as a new buffer. */
export function readTexts(texts: PassageTexts, from: number, to: number): Buffer {
  const out = Buffer.allocUnsafe(to - from);
  texts.readInto(out, 0, from, to);
  return out;
}
