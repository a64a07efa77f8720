/**
 * Fetching an uploaded report from the Bot API fails with a reason the admin can act on, read from
 * what really happened: nothing listening, an HTTP error, a file over the limit. None of them
 * shows the token.
 */
import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DownloadError, downloadFailure, downloadTelegramFile } from "../../src/bot/download.ts";
import { reason } from "../../src/read/mod.ts";
import { loadMessages, reasonText } from "../../src/render/mod.ts";

const TOKEN = "123:download-SECRET";
const messages = loadMessages();
let server: http.Server;
let apiRoot: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.endsWith("/big.txt")) {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("x".repeat(2_000));
    }
    res.writeHead(502).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiRoot = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failure(root: string, filePath: string, maxBytes = 10_000): Promise<unknown> {
  return downloadTelegramFile({ apiRoot: root, token: TOKEN, filePath, maxBytes, timeoutMs: 5_000 }).then(
    () => {
      throw new Error("expected the download to fail");
    },
    (error: unknown) => error,
  );
}

describe("downloading an uploaded report", () => {
  it("says the Bot API server could not be reached when nothing listens", async () => {
    // A port just freed: nothing listens there any more.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(`http://127.0.0.1:${port}`, "documents/a.txt");
    expect(error).toBeInstanceOf(DownloadError);
    const why = downloadFailure(error, TOKEN);
    expect(why).toEqual(reason("failure.download_unreachable"));
    expect(reasonText(messages, "vi", why)).toBe("không kết nối được tới máy chủ Bot API; hãy kiểm tra mạng của máy chủ rồi gửi lại tệp");
  });

  it("gives the HTTP status the server answered, and the limit a file went over", async () => {
    expect(downloadFailure(await failure(apiRoot, "documents/gone.txt"), TOKEN)).toEqual(reason("failure.download_http", { status: 502 }));
    const tooBig = downloadFailure(await failure(apiRoot, "documents/big.txt", 1_000), TOKEN);
    expect(reasonText(messages, "vi", tooBig)).toBe("tệp lớn hơn giới hạn 1000 byte (MAX_UPLOAD_BYTES)");
    expect(reasonText(messages, "en", tooBig)).toBe("the file is larger than the limit of 1000 bytes (MAX_UPLOAD_BYTES)");
  });

  it("keeps the message of an unknown error, without the token", () => {
    const why = downloadFailure(new Error(`fetch ${TOKEN} failed strangely`), TOKEN);
    expect(why).toEqual(reason("failure.unexpected", { message: "fetch [redacted] failed strangely" }));
  });
});
