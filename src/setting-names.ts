/**
 * Telling a mistyped setting from a real one. A setting hoidap does not know is ignored, so a typo
 * in `.env` ("SEARCH_TOPK") would silently leave the default in force; start-up warns instead,
 * naming the closest real setting.
 */

/** Variables Node.js or the system read themselves; never reported as unknown. */
const FOREIGN = new Set(["NODE_ENV", "NODE_OPTIONS", "NODE_EXTRA_CA_CERTS", "TZ", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "UV_THREADPOOL_SIZE", "LANG", "LC_ALL"]);

/** Edit distance (insertions, deletions, substitutions, and swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known setting `name` was most likely meant to be, or undefined when none is close: compared
 * upper-cased and without underscores ("SEARCH_TOPK", "search_top_k", "SEARCHTOPK" → SEARCH_TOP_K),
 * allowing about one typo per five letters.
 */
export function closestSetting(name: string, known: readonly string[]): string | undefined {
  const squash = (s: string) => s.toUpperCase().replaceAll("_", "");
  const target = squash(name);
  let best: { setting: string; distance: number } | undefined;
  for (const setting of known) {
    const distance = editDistance(target, squash(setting));
    if (distance <= Math.max(1, Math.floor(target.length / 5)) && (best === undefined || distance < best.distance)) best = { setting, distance };
  }
  return best?.setting;
}

/**
 * Warnings for settings that are not hoidap's: every unknown name written in the `.env` file, and
 * any unknown name in the environment that starts like a real setting (`SEARCH_…`, `TELEGRAM_…`),
 * which is how a typo arrives through systemd's EnvironmentFile. Each names the closest real one.
 */
export function unknownSettingWarnings(fromFile: Iterable<string>, fromEnvironment: Iterable<string>, known: readonly string[]): string[] {
  const knownSet = new Set(known);
  const prefixes = new Set(known.map((k) => k.split("_")[0]!));
  const suspects = new Set(fromFile);
  for (const name of fromEnvironment) if (prefixes.has(name.split("_")[0]!) && name.includes("_")) suspects.add(name);
  const warnings: string[] = [];
  for (const name of suspects) {
    if (knownSet.has(name) || FOREIGN.has(name)) continue;
    const closest = closestSetting(name, known);
    warnings.push(closest === undefined ? `${name} is not a hoidap setting; it is ignored` : `${name} is not a hoidap setting — ${closest}? It is ignored`);
  }
  return warnings;
}
