/** The texts put before questions and passages, as the model was trained to expect. */
export interface Prefixes {
  query: string;
  passage: string;
}

/**
 * E5 models were trained with "query: " / "passage: " and retrieve noticeably worse without them;
 * other models get nothing unless configured. An explicit setting always wins, "" included.
 *
 * The family is read from the model's last path segment ("multilingual-e5-small", or a local
 * directory's name) with "e5" as a whole token, so a temp directory or hash that happens to contain
 * the letters "e5" does not switch prefixes on.
 */
export function choosePrefixes(model: string, queryPrefix?: string, passagePrefix?: string): Prefixes {
  const name = model.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? model;
  const isE5 = /(^|[^a-z0-9])e5([^a-z0-9]|$)/i.test(name);
  return {
    query: queryPrefix ?? (isE5 ? "query: " : ""),
    passage: passagePrefix ?? (isE5 ? "passage: " : ""),
  };
}
