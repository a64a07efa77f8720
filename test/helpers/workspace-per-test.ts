import { afterEach, beforeEach } from "vitest";
import { createWorkspace } from "./workspace.ts";
import type { Workspace } from "./workspace.ts";

/** What {@link workspacePerTest} gives a test file. */
export interface WorkspacePerTest {
  /** The current test's workspace. */
  readonly ws: Workspace;
  /** Closes `opened` (a service) after the current test, before its workspace is removed. */
  closeAfter<T extends { close(): Promise<void> }>(opened: T): T;
}

/** A fresh workspace for every test of the calling file, removed after it. Call at the top level of a test file. */
export function workspacePerTest(): WorkspacePerTest {
  let current: Workspace | undefined;
  const opened: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    current = await createWorkspace();
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
    await current?.remove();
  });
  return {
    get ws() {
      if (current === undefined) throw new Error("workspacePerTest: no test is running");
      return current;
    },
    closeAfter(o) {
      opened.push(o);
      return o;
    },
  };
}
