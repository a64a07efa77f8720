import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_LLM_PROMPTS_DIR, NOT_FOUND, buildChatMessages, fillTemplate, loadLlmPrompts, promptFile } from "../../src/llm/mod.ts";
import { item } from "./fixtures.ts";

const dirs: string[] = [];
/** A copy of the shipped prompts that a test may break. */
function copyOfPrompts(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hoidap-prompts-"));
  cpSync(DEFAULT_LLM_PROMPTS_DIR, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("loadLlmPrompts", () => {
  it("loads the shipped templates, both languages, each telling the model the sentinel it must use", () => {
    const prompts = loadLlmPrompts();
    for (const lang of ["vi", "en"] as const) {
      const [system, user] = buildChatMessages(prompts, { question: "q?", lang, items: [item(1, "p")] });
      expect(system!.content).toContain(NOT_FOUND);
      expect(system!.content).not.toMatch(/\{\w+\}/);
      expect(user!.content).not.toMatch(/\{\w+\}/);
    }
    expect(prompts.vi.system).toContain("tiếng Việt");
    expect(prompts.en.system).toContain("English");
  });

  it("refuses a template without a required placeholder, naming the file and the placeholder", () => {
    const dir = copyOfPrompts();
    const file = promptFile(dir, "answer", "en");
    writeFileSync(file, readFileSync(file, "utf8").replace("{passages}", "(passages go here)"));
    expect(() => loadLlmPrompts(dir)).toThrow(`${file}: the LLM prompt template lacks the placeholder {passages}`);
  });

  it("refuses a system prompt that does not give the model the sentinel", () => {
    const dir = copyOfPrompts();
    const file = promptFile(dir, "system", "vi");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("{not_found}", "KHÔNG BIẾT"));
    expect(() => loadLlmPrompts(dir)).toThrow(/system\.vi\.md: the LLM prompt template lacks the placeholder \{not_found\}/);
  });

  it("refuses an unknown placeholder (a typo would reach the model as is), an empty and a missing file", () => {
    const dir = copyOfPrompts();
    const answer = promptFile(dir, "answer", "vi");
    writeFileSync(answer, `${readFileSync(answer, "utf8")}\n{questoin}`);
    expect(() => loadLlmPrompts(dir)).toThrow(/answer\.vi\.md: the LLM prompt template has an unknown placeholder \{questoin\}/);
    writeFileSync(answer, "  \n");
    expect(() => loadLlmPrompts(dir)).toThrow(/answer\.vi\.md: the LLM prompt template is empty/);
    unlinkSync(answer);
    expect(() => loadLlmPrompts(dir)).toThrow(/answer\.vi\.md: cannot read the LLM prompt template \(ENOENT\)/);
  });
});

describe("fillTemplate", () => {
  it("fills in one pass, so a value that looks like a placeholder stays as written", () => {
    expect(fillTemplate("Q: {question}\nP: {passages}", { question: "what is {passages}?", passages: "[1]" })).toBe("Q: what is {passages}?\nP: [1]");
  });
});
