/**
 * Why an operation failed, as a reason an admin reads in their language: the file system's own
 * errors (provoked for real where that is cheap), a busy index, a missing reports folder, a stop,
 * and an error with no text of its own, kept as it is.
 */
import { existsSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CorpusError } from "../src/corpus/mod.ts";
import { FailureError, failureReason } from "../src/failure.ts";
import { EmbedderLoadError } from "../src/embed/mod.ts";
import { FixableError } from "../src/errors.ts";
import { IndexError } from "../src/index/mod.ts";
import { reason } from "../src/read/mod.ts";
import type { Reason } from "../src/read/mod.ts";
import { loadMessages } from "../src/render/messages.ts";
import { englishReason, reasonText } from "../src/render/reason.ts";
import { scanCorpus } from "../src/corpus/mod.ts";
import { createWorkspace } from "./helpers/workspace.ts";

const messages = loadMessages();
const vi = (r: Reason) => reasonText(messages, "vi", r);
/** What a failed call of Node's fs gives, for the codes a test cannot provoke (a full disk). */
const systemError = (code: string, fields: Record<string, string> = {}) => Object.assign(new Error(`${code}: failed`), { code, ...fields });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("failureReason", () => {
  it("says the disk is full, with what to do", () => {
    const full = failureReason(systemError("ENOSPC", { syscall: "write" }));
    expect(full).toEqual(reason("failure.disk_full"));
    expect(vi(full)).toBe("ổ đĩa đã đầy; hãy giải phóng dung lượng rồi thử lại");
    expect(englishReason(full)).toBe("the disk is full; free some space and try again");
  });

  it("names the path a missing permission is about, for writing, for moving, and for anything else", () => {
    expect(vi(failureReason(systemError("EACCES", { syscall: "mkdir", path: "/srv/removed" })))).toBe(
      "hoidap không có quyền ghi vào /srv/removed; hãy cấp quyền ghi cho tài khoản chạy hoidap rồi thử lại",
    );
    expect(englishReason(failureReason(systemError("EPERM", { syscall: "rename", path: "/srv/seeds/a.pdf", dest: "/srv/removed/a.pdf" })))).toBe(
      "hoidap may not move /srv/seeds/a.pdf to /srv/removed/a.pdf; give the account hoidap runs as write access to both folders and try again",
    );
    expect(failureReason(systemError("EACCES", { syscall: "open", path: "/srv/seeds/a.pdf" }))).toEqual(reason("failure.no_permission_path", { path: "/srv/seeds/a.pdf" }));
    expect(failureReason(systemError("EACCES"))).toEqual(reason("failure.no_permission"));
  });

  it.runIf(existsSync("/sys/kernel"))("reads a permission really refused (EACCES, or EPERM for root) as a missing right to write there", async () => {
    const where = path.join("/sys", `hoidap-test-${process.pid}`);
    const error = await rejection(mkdir(path.join(where, "removed"), { recursive: true }));
    expect(failureReason(error)).toEqual(reason("failure.no_write_permission", { path: where }));
  });

  it("reads a file that has gone, a file in use and a read-only disk by their codes, naming the path", async () => {
    const ws = await createWorkspace();
    try {
      const gone = path.join(ws.seedsDir, "không có.txt");
      const error = await rejection(rename(gone, path.join(ws.dir, "x.txt")));
      expect(failureReason(error)).toEqual(reason("failure.not_found", { path: gone }));
    } finally {
      await ws.remove();
    }
    expect(vi(failureReason(systemError("EBUSY", { path: "/srv/seeds/a.docx" })))).toBe("/srv/seeds/a.docx đang được một chương trình khác sử dụng; hãy đóng chương trình đó rồi thử lại");
    expect(failureReason(systemError("EROFS", { path: "/opt/hoidap/data" }))).toEqual(reason("failure.read_only", { path: "/opt/hoidap/data" }));
    expect(failureReason(systemError("ECONNREFUSED"))).toEqual(reason("failure.network", { code: "ECONNREFUSED" }));
  });

  it("finds the system error a build error wraps", () => {
    const wrapped = new Error("vectors.bin could not be written", { cause: systemError("ENOSPC") });
    expect(failureReason(wrapped)).toEqual(reason("failure.disk_full"));
  });

  it("tells a missing reports folder, a busy index, a stop and a timeout", async () => {
    const ws = await createWorkspace();
    try {
      const missing = path.join(ws.dir, "no-such-folder");
      const error = await rejection(scanCorpus({ ...ws.config.corpus, seedsDir: missing }));
      expect(error).toBeInstanceOf(CorpusError);
      expect(vi(failureReason(error))).toBe(`không tìm thấy thư mục báo cáo ${missing}; hãy kiểm tra thiết lập SEEDS_DIR`);
    } finally {
      await ws.remove();
    }
    expect(failureReason(new IndexError("busy", "Another process (pid 12) is building the index in /x; wait for it to finish."))).toEqual(reason("failure.index_busy"));
    expect(failureReason(Object.assign(new Error("This operation was aborted"), { name: "AbortError" }))).toEqual(reason("failure.stopped"));
    expect(failureReason(Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" }))).toEqual(reason("failure.timeout"));
  });

  it("keeps the message of an error it does not know, in parentheses, in either language", () => {
    const unknown = failureReason(new Error("the model crashed <oom> & died"));
    expect(vi(unknown)).toBe("đã xảy ra lỗi ngoài dự kiến (the model crashed <oom> & died)");
    expect(englishReason(unknown)).toBe("an unexpected error (the model crashed <oom> & died)");
    expect(failureReason("a string thrown")).toEqual(reason("failure.unexpected", { message: "a string thrown" }));
  });

  it("tells the admin in their language what to do about the index or the model, not the server's English instructions", () => {
    const damaged = failureReason(new IndexError("corrupt", "The index in /x is damaged: passages.bin does not match its checksum. Run `npm run index` to rebuild it."));
    expect(vi(damaged)).toBe("chỉ mục trên máy chủ bị hỏng; người quản trị máy chủ cần chạy npm run index để dựng lại (chi tiết trong nhật ký của hoidap)");
    expect(vi(failureReason(new IndexError("incompatible", "The index in /x was written by another version of hoidap.")))).toContain("phiên bản hoidap khác");
    expect(vi(failureReason(new IndexError("missing", "No index in /x yet.")))).toContain("chưa có chỉ mục");
    const model = failureReason(new EmbedderLoadError('Embedding model "Xenova/multilingual-e5-small" could not be loaded: downloads are off. To provide it, see docs/offline.md.', "Xenova/multilingual-e5-small"));
    expect(vi(model)).toBe("máy chủ không nạp được mô hình nhúng Xenova/multilingual-e5-small; người quản trị máy chủ cần cung cấp mô hình (xem docs/offline.md) hoặc đặt EMBEDDING_MODEL=none để chỉ tìm theo từ khóa (chi tiết trong nhật ký của hoidap)");
    expect(englishReason(model)).toContain("could not load the embedding model Xenova/multilingual-e5-small");
  });

  it("does not call another problem hoidap describes itself (a broken glossary) unexpected: its message says what to do", () => {
    const broken = failureReason(new FixableError("prompts/glossary.json: is not valid JSON (Unexpected token). Fix the file and restart."));
    expect(broken.key).toBe("failure.needs_fix");
    expect(vi(broken)).toBe("cần xử lý trên máy chủ (nội dung lỗi bằng tiếng Anh: prompts/glossary.json: is not valid JSON (Unexpected token). Fix the file and restart.)");
    expect(englishReason(broken)).toBe("prompts/glossary.json: is not valid JSON (Unexpected token). Fix the file and restart.");
  });

  it("gives the reason a FailureError carries, whose message is that reason in English unless one is given", () => {
    const error = new FailureError(reason("failure.report_gone"));
    expect(failureReason(error)).toEqual(reason("failure.report_gone"));
    expect(error.message).toBe("the file is no longer in the reports folder; it may have just been removed or renamed");
    expect(new FailureError(reason("failure.report_gone"), "a.txt is gone").message).toBe("a.txt is gone");
  });
});
