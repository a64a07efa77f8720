/**
 * A loopback HTTP server laid out like the Hugging Face Hub (`/{owner}/{name}/resolve/{revision}/{file}`),
 * serving model directories from a folder, so the download path transformers.js takes on a
 * connected server runs in tests. Point EmbeddingConfig.remoteHost (EMBEDDING_REMOTE_HOST) at `url`.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export interface LoopbackHub {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every path requested, in order (with the status served). */
  requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/** Serves `root/<owner>/<name>/<file>` at `/<owner>/<name>/resolve/<revision>/<file>`; anything else is 404. */
export async function startLoopbackHub(root: string): Promise<LoopbackHub> {
  const requests: LoopbackHub["requests"] = [];
  const server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? "/", "http://hub").pathname);
    const m = /^\/([^/]+)\/([^/]+)\/resolve\/[^/]+\/(.+)$/.exec(url);
    const file = m === null ? undefined : path.join(root, m[1]!, m[2]!, m[3]!);
    const servable = file !== undefined && !url.includes("..") && existsSync(file) && statSync(file).isFile();
    requests.push({ path: url, status: servable ? 200 : 404 });
    if (!servable) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Entry not found");
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
