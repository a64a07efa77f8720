/**
 * Why an operation an admin asked for failed (a reindex, an upload, a report's removal), as a
 * {@link Reason}: a message key and its values, so the admin reads it in their own language and the
 * log in English. Known causes (a full disk, a missing permission, memory, the network, a build
 * lock) get a text that says what to do; anything else is an unexpected error whose own message
 * is kept as it is, in parentheses.
 */
import { CorpusError } from "./corpus/mod.ts";
import { FixableError } from "./errors.ts";
import { EmbedderLoadError } from "./embed/mod.ts";
import { IndexError } from "./index/mod.ts";
import type { IndexErrorKind } from "./index/mod.ts";
import { reason } from "./read/mod.ts";
import type { Reason, ReasonKey } from "./read/mod.ts";
import { englishReason } from "./render/mod.ts";

/**
 * An error that carries its {@link Reason}. Its message is the reason in English (what logs and
 * stack traces show) unless a message is given, as when the error is rebuilt from the reindex
 * process's report.
 */
export class FailureError extends Error {
  constructor(
    readonly reason: Reason,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? englishReason(reason), options);
    this.name = new.target.name;
  }
}

/** An error of the file system or the network: Node's `code`, and the paths it names. */
interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string";
}

/** The first system error in `error` and its causes (a build error may wrap the one that matters). */
function systemErrorIn(error: unknown): SystemError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isSystemError(e)) return e;
  }
  return undefined;
}

/** Calls that fail with EACCES/EPERM only for want of the right to write. */
const WRITING_CALLS = new Set(["mkdir", "rmdir", "unlink", "rm", "write", "copyfile", "link", "symlink", "chmod", "chown", "utime", "ftruncate"]);

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "EPIPE", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

/** What a system error code means for the admin, naming the path when Node gives one; none for codes without a text of their own. */
function systemReason(error: SystemError): Reason | undefined {
  const { code, syscall, path, dest } = error;
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return reason("failure.disk_full");
    case "EACCES":
    case "EPERM":
      if (path === undefined) return reason("failure.no_permission");
      if (dest !== undefined) return reason("failure.no_permission_move", { path, dest });
      return WRITING_CALLS.has(syscall ?? "") ? reason("failure.no_write_permission", { path }) : reason("failure.no_permission_path", { path });
    case "EROFS":
      return path === undefined ? reason("failure.no_permission") : reason("failure.read_only", { path });
    case "EBUSY":
      return path === undefined ? undefined : reason("failure.in_use", { path });
    case "ENOENT":
      return path === undefined ? undefined : reason("failure.not_found", { path });
    case "EMFILE":
    case "ENFILE":
      return reason("failure.too_many_open_files");
    case "ENOMEM":
      return reason("failure.out_of_memory");
  }
  return NETWORK_CODES.has(code) ? reason("failure.network", { code }) : undefined;
}

/** What V8, the allocator and onnxruntime say when memory runs out. */
export const OUT_OF_MEMORY = /heap out of memory|reached heap limit|allocation failed|bad_alloc|cannot allocate memory|out of memory/i;

/** What each kind of index problem tells the admin; the error's own message, for the log, names the files. */
const INDEX_FAILURES: Record<IndexErrorKind, ReasonKey> = {
  busy: "failure.index_busy",
  corrupt: "failure.index_damaged",
  incompatible: "failure.index_other_version",
  missing: "failure.index_missing",
};

/** An error whose cause has no text of its own: its message, as it is. */
export function unexpectedFailure(message: string): Reason {
  return reason("failure.unexpected", { message });
}

/**
 * Why `error` happened, for the admin who asked: the reason a {@link FailureError} carries, else
 * one read from what the error is (a stop, a timeout, a busy index, a missing reports folder, a
 * system error code, running out of memory), else {@link unexpectedFailure} with its message.
 */
export function failureReason(error: unknown): Reason {
  if (error instanceof FailureError) return error.reason;
  if (!(error instanceof Error)) return unexpectedFailure(String(error));
  if (error.name === "AbortError") return reason("failure.stopped");
  if (error.name === "TimeoutError") return reason("failure.timeout");
  if (error instanceof IndexError) return reason(INDEX_FAILURES[error.kind]);
  // Where to find the model and how to unpack it is the server's business: the log keeps the whole story.
  if (error instanceof EmbedderLoadError) return reason("failure.model_unavailable", { model: error.model });
  const system = systemErrorIn(error);
  if (error instanceof CorpusError && (system === undefined || system.code === "ENOENT" || system.code === "ENOTDIR")) {
    return reason("failure.reports_folder_missing", { path: error.dir });
  }
  const known = system === undefined ? undefined : systemReason(system);
  if (known !== undefined) return known;
  if (error instanceof RangeError && OUT_OF_MEMORY.test(error.message)) return reason("failure.out_of_memory");
  // Any other problem hoidap describes itself (a broken glossary or prompt file): its message says
  // what to do on the server, and it is not unexpected.
  if (error instanceof FixableError) return reason("failure.needs_fix", { message: error.message });
  return unexpectedFailure(error.message || error.name);
}
