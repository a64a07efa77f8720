/**
 * A reindex process that ends without a result is explained to the admin from how it ended: out
 * of memory (read from what V8 writes to stderr), killed, another signal, or an exit code with the
 * line of stderr that tells what happened.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { reason } from "../../src/read/mod.ts";
import { loadMessages, englishReason, reasonText } from "../../src/render/mod.ts";
import { crashReason } from "../../src/service/reindex-process.ts";

const messages = loadMessages();

/** Runs `script` in a Node process with a small heap; resolves with how it ended and its stderr. */
function runNode(script: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--max-old-space-size=16", "-e", script], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe("crashReason", () => {
  it("says a process that exhausted its heap ran out of memory", async () => {
    const ended = await runNode("const kept = []; for (;;) kept.push(new Array(100_000).fill(Math.random()));");
    const why = crashReason(ended.code, ended.signal, ended.stderr);
    expect(why).toEqual(reason("failure.reindex_out_of_memory"));
    expect(reasonText(messages, "vi", why)).toBe("tiến trình cập nhật chỉ mục đã hết bộ nhớ; hãy giải phóng bộ nhớ trên máy chủ (tắt bớt chương trình khác) rồi thử lại");
  }, 60_000);

  it("gives an exit code with the line of stderr that tells what happened", async () => {
    const ended = await runNode("console.error('loading the model'); console.error('Error: onnxruntime could not open model.onnx'); process.exit(3);");
    const why = crashReason(ended.code, ended.signal, ended.stderr);
    expect(reasonText(messages, "vi", why)).toBe(
      "tiến trình cập nhật chỉ mục đã thoát với mã 3 trước khi xong; hãy thử lại, và xem nhật ký của hoidap nếu lỗi lặp lại (Error: onnxruntime could not open model.onnx)",
    );
    expect(englishReason(why)).toBe("the reindex process exited with code 3 before finishing; try again, and read hoidap's log if it happens again (Error: onnxruntime could not open model.onnx)");
  });

  it("names a signal, and says SIGKILL is usually the lack of memory", () => {
    expect(crashReason(null, "SIGKILL", "")).toEqual(reason("failure.reindex_killed"));
    expect(crashReason(null, "SIGSEGV", "")).toEqual(reason("failure.reindex_died", { signal: "SIGSEGV" }));
    expect(englishReason(crashReason(null, "SIGSEGV", ""))).toBe("the reindex process died (SIGSEGV); try again, and read hoidap's log if it happens again");
  });
});
