/**
 * The one error a user sees when the embedding model cannot be loaded: which model, where it was
 * looked for, whether downloads were allowed, and how to provide it.
 */
import { existsSync } from "node:fs";
import { FixableError } from "../errors.ts";
import { HUB_HOST, missingFiles, requiredFiles, type ModelSource } from "./model-source.ts";

/** The embedding model could not be loaded. `message` is meant for the user; the library's error is `cause`. */
export class EmbedderLoadError extends FixableError {
  constructor(
    message: string,
    readonly model: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const howToFix = (source: ModelSource) =>
  "To provide it, see docs/offline.md ('Running offline'): on a connected machine run `npm run model -- pack model.tar`, " +
  "then `npm run model -- unpack model.tar` here; or point EMBEDDING_MODEL at a local " +
  `directory holding ${requiredFiles(source.onnxFile).join(", ")}; or set EMBEDDING_MODEL=none to serve keyword search only.`;

/** First line of an error's message, shortened: enough to tell "not found" from "corrupt" without a stack. */
function briefly(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  const line = text.split("\n").find((l) => l.trim() !== "")?.trim().replace(/[.\s]+$/, "") || "unknown error";
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/**
 * Builds the error for a failed load, describing what is on disk now (after the failure), which is
 * what the user must fix.
 */
export function loadError(model: string, source: ModelSource, cause?: unknown): EmbedderLoadError {
  const missing = missingFiles(source);
  const missingList = missing.length < requiredFiles(source.onnxFile).length ? ` (missing ${missing.join(", ")})` : "";
  const unreadable = (where: string) => `the files in ${where} could not be read as a model: ${briefly(cause)}`;
  let what: string;
  if (source.kind === "local") {
    what = !existsSync(source.dir)
      ? `the directory ${source.dir} does not exist (a local directory is never downloaded)`
      : missing.length > 0
        ? `the directory ${source.dir} lacks ${missing.join(", ")} (a local directory is never downloaded)`
        : unreadable(source.dir);
  } else if (!source.remoteAllowed) {
    what = missing.length > 0
      ? `it is not in the model cache ${source.dir}${missingList} and downloads are off (EMBEDDING_OFFLINE=true)`
      : `${unreadable(source.dir)}; downloads are off (EMBEDDING_OFFLINE=true)`;
  } else {
    what = missing.length > 0
      ? `it is not in the model cache ${source.dir}${missingList} and downloading it from ${source.remoteHost === HUB_HOST ? "the Hugging Face Hub" : source.remoteHost} failed: ${briefly(cause)}`
      : unreadable(source.dir);
  }
  return new EmbedderLoadError(`Embedding model "${model}" could not be loaded: ${what}. ${howToFix(source)}`, model, { cause });
}
