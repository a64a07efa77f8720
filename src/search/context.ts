import { loadGlossaryIfPresent } from "../text/mod.ts";
import type { SearchConfig, SearchContext } from "./types.ts";

/**
 * What every search shares whichever index is in force, from the settings: the glossary they name
 * is read once here (a missing file means no glossary), not once per question. Add the index to
 * make a {@link SearchContext}.
 */
export function prepareSearch(embedder: SearchContext["embedder"], config: SearchConfig): Omit<SearchContext, "index"> {
  return { embedder, config, glossary: loadGlossaryIfPresent(config.glossaryFile) };
}
