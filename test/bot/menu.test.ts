import { describe, expect, it } from "vitest";
import { menuCommands } from "../../src/bot/commands.ts";
import { loadMessages } from "../../src/render/mod.ts";

describe("command menu", () => {
  const messages = loadMessages();

  it("shows everyone the question commands, and an admin's chat the admin commands too, each described in both languages", () => {
    for (const lang of ["vi", "en"] as const) {
      const everyone = menuCommands(lang, messages).map((c) => c.command);
      expect(everyone).toEqual(expect.arrayContaining(["ask", "sources", "status", "help"]));
      expect(everyone).not.toContain("gaps");
      const admin = menuCommands(lang, messages, true);
      expect(admin.map((c) => c.command)).toEqual(expect.arrayContaining([...everyone, "reports", "gaps", "stats"]));
      // Telegram refuses a menu whose description is empty or over 256 characters.
      for (const c of admin) expect(c.description.length, `${lang} /${c.command}`).toBeGreaterThan(3);
      for (const c of admin) expect(c.description.length).toBeLessThanOrEqual(256);
    }
  });
});
