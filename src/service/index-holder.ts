import type { LoadedIndex } from "../index/mod.ts";

/**
 * The index in force, and when to close the ones it replaced. An index reads its passage texts
 * from its file, so it holds a descriptor until closed; a replaced index may still be serving a
 * search that started before the swap (a search awaits the question's embedding, then reads
 * passages). So a replaced index is closed when the last search using it ends, or at once when
 * none is. Passage objects a search handed out carry their texts, so replies formatted later
 * never need the closed index.
 */
export interface IndexHolder {
  /** The index in force; throws when there is none yet. */
  current(): LoadedIndex;
  /** Runs `work` on the index in force, which stays open until `work` settles. */
  use<T>(work: (index: LoadedIndex) => Promise<T>): Promise<T>;
  /** Puts `next` in force; the one it replaces is closed once no `use` holds it. */
  replace(next: LoadedIndex): void;
  /** Closes the index in force (once no `use` holds it); nothing is in force afterwards. */
  close(): void;
}

/** A holder with `initial` in force (or none yet). */
export function createIndexHolder(initial?: LoadedIndex): IndexHolder {
  let inForce = initial;
  const users = new Map<LoadedIndex, number>();
  const retired = new Set<LoadedIndex>();

  const retire = (index: LoadedIndex | undefined) => {
    if (index === undefined || index === inForce) return;
    if ((users.get(index) ?? 0) === 0) index.close();
    else retired.add(index);
  };
  const release = (index: LoadedIndex) => {
    const left = users.get(index)! - 1;
    if (left > 0) return void users.set(index, left);
    users.delete(index);
    if (retired.delete(index)) index.close();
  };

  return {
    current() {
      if (inForce === undefined) throw new Error("no index is in force");
      return inForce;
    },
    async use(work) {
      const index = this.current();
      users.set(index, (users.get(index) ?? 0) + 1);
      try {
        return await work(index);
      } finally {
        release(index);
      }
    },
    replace(next) {
      const old = inForce;
      inForce = next;
      retire(old);
    },
    close() {
      const old = inForce;
      inForce = undefined;
      retire(old);
    },
  };
}
