/** Managing reports while the bot runs: where removed reports go, and watching the seeds folder. */
export interface OperationsConfig {
  /** Where /reports moves a removed report's file (default: `removed/` beside the seeds folder). */
  removedDir: string;
  /** Reindex by itself when files under the seeds folder change. */
  watchSeeds: boolean;
  /** Quiet time after the last change before that reindex starts. */
  watchDebounceMs: number;
}

/** Defaults of {@link OperationsConfig} but `removedDir`, which follows the seeds folder. */
export const OPERATIONS_DEFAULTS = { watchSeeds: true, watchDebounceMs: 3000 } as const satisfies Partial<OperationsConfig>;
