import type { GapGroup } from "./gaps.ts";

/** The gap groups as plain text for a terminal: one numbered block per group, most asked first. */
export function gapsText(groups: readonly GapGroup[], days: number): string {
  if (groups.length === 0) return `No missed questions in the last ${days} days.\n`;
  const total = groups.reduce((n, g) => n + g.count, 0);
  const lines = [`Questions the reports did not answer — last ${days} days: ${groups.length} groups, ${total} questions.`, ""];
  for (const [i, g] of groups.entries()) {
    const why = [
      g.byVerdict.not_found ? `not found ${g.byVerdict.not_found}` : "",
      g.byVerdict.uncertain ? `uncertain ${g.byVerdict.uncertain}` : "",
      g.down > 0 ? `voted down ${g.down}` : "",
    ].filter(Boolean);
    lines.push(`${i + 1}. “${g.question}” — ${g.count}× (${why.join(", ")})`);
    if (g.variants.length > 0) lines.push(`   also asked as: ${g.variants.map((v) => `“${v}”`).join(", ")}`);
    lines.push(`   closest report: ${g.best === undefined ? "none" : `${g.best.title} (${g.best.file})`}`);
  }
  return `${lines.join("\n")}\n`;
}
