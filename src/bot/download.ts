import { readFile, stat } from "node:fs/promises";
import path from "node:path";

/** Why a download failed, in words an admin can act on (never containing the token or URL). */
export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DownloadError";
  }
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
  const tooBig = () => new DownloadError(`the file is larger than ${maxBytes} bytes`);
  if (path.isAbsolute(filePath)) {
    if ((await stat(filePath)).size > maxBytes) throw tooBig();
    return readFile(filePath);
  }
  let response: Response;
  try {
    response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // Messages from fetch do not include the URL, but say nothing of it to be sure.
    throw new DownloadError(`the Bot API server could not be reached (${(error as Error).name})`);
  }
  if (!response.ok || response.body === null) throw new DownloadError(`the Bot API server answered HTTP ${response.status}`);
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
