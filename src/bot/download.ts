import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { GrammyError, HttpError } from "grammy";
import { FailureError, failureReason, unexpectedFailure } from "../failure.ts";
import { reason } from "../read/mod.ts";
import type { Reason } from "../read/mod.ts";

/** Why a download failed, in words an admin can act on (never containing the token or URL). */
export class DownloadError extends FailureError {}

/**
 * Why fetching an uploaded document failed, for the admin who sent it: Telegram's refusal to hand
 * over a file too big for bots, the network, or the download's own {@link DownloadError}. `token`
 * is taken out of any message kept as it is.
 */
export function downloadFailure(error: unknown, token: string): Reason {
  if (error instanceof GrammyError) {
    if (/file is too big/i.test(error.description)) return reason("failure.telegram_file_too_big");
    return reason("failure.telegram_refused", { description: error.description.replaceAll(token, "[redacted]") });
  }
  if (error instanceof HttpError) return reason("failure.download_unreachable");
  const why = failureReason(error);
  if (why.key !== "failure.unexpected") return why;
  return unexpectedFailure(String(why.params?.message ?? "").replaceAll(token, "[redacted]"));
}

/** Options for {@link downloadTelegramFile}. */
export interface DownloadOptions {
  apiRoot: string;
  token: string;
  /** `file_path` from `getFile`. */
  filePath: string;
  maxBytes: number;
  timeoutMs?: number;
}

/**
 * Fetches a file the Bot API holds for the bot: `{apiRoot}/file/bot{token}/{file_path}`, stopping
 * as soon as it exceeds `maxBytes`. A self-hosted Bot API server in `--local` mode answers
 * `getFile` with an absolute path on its own disk instead; that file is read directly.
 */
export async function downloadTelegramFile(options: DownloadOptions): Promise<Buffer> {
  const { apiRoot, token, filePath, maxBytes, timeoutMs = 60_000 } = options;
  const tooBig = () => new DownloadError(reason("failure.download_too_large", { max: maxBytes }));
  if (path.isAbsolute(filePath)) {
    if ((await stat(filePath)).size > maxBytes) throw tooBig();
    return readFile(filePath);
  }
  let response: Response;
  try {
    response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // Messages from fetch do not include the URL, but none of theirs is shown, to be sure.
    const timedOut = (error as Error).name === "TimeoutError";
    throw new DownloadError(reason(timedOut ? "failure.download_timeout" : "failure.download_unreachable"));
  }
  if (!response.ok || response.body === null) throw new DownloadError(reason("failure.download_http", { status: response.status }));
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) throw tooBig();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw tooBig();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
