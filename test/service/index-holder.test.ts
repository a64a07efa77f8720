/**
 * The index in force is replaced while searches may still be reading the old one: a replaced
 * index is closed (its passage file released) when its last search ends, never under one.
 */
import { describe, expect, it } from "vitest";
import type { LoadedIndex } from "../../src/index/mod.ts";
import { createIndexHolder } from "../../src/service/index-holder.ts";

/** A stand-in index that records whether it was closed. */
const fakeIndex = (dir: string) => {
  const state = { closed: 0 };
  const index = { dir, close: () => void (state.closed += 1) } as unknown as LoadedIndex;
  return { index, state };
};

/** A search that holds the index until `finish` is called. */
const pending = () => {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
};

describe("index holder", () => {
  it("closes a replaced index at once when no search uses it", () => {
    const old = fakeIndex("a");
    const next = fakeIndex("b");
    const holder = createIndexHolder(old.index);
    holder.replace(next.index);
    expect(holder.current()).toBe(next.index);
    expect(old.state.closed).toBe(1);
    expect(next.state.closed).toBe(0);
  });

  it("keeps a replaced index open until the last search that started on it ends", async () => {
    const old = fakeIndex("a");
    const next = fakeIndex("b");
    const holder = createIndexHolder(old.index);
    const first = pending();
    const second = pending();
    const seen: string[] = [];
    const s1 = holder.use(async (index) => (await first.done, seen.push(index.dir)));
    const s2 = holder.use(async (index) => (await second.done, seen.push(index.dir)));
    holder.replace(next.index);
    const s3 = holder.use(async (index) => seen.push(index.dir));
    await s3;
    first.finish();
    await s1;
    expect(old.state.closed).toBe(0); // the second search still reads it
    second.finish();
    await s2;
    expect(old.state.closed).toBe(1);
    expect(next.state.closed).toBe(0);
    expect(seen.sort()).toEqual(["a", "a", "b"]);
  });

  it("releases an index whose search failed, and closes the one in force on close()", async () => {
    const old = fakeIndex("a");
    const next = fakeIndex("b");
    const holder = createIndexHolder();
    expect(() => holder.current()).toThrow(/no index/);
    holder.replace(old.index);
    const failing = holder.use(async () => {
      await Promise.resolve();
      throw new Error("search failed");
    });
    holder.replace(next.index);
    await expect(failing).rejects.toThrow("search failed");
    expect(old.state.closed).toBe(1);
    holder.close();
    expect(next.state.closed).toBe(1);
    expect(() => holder.current()).toThrow(/no index/);
  });
});
