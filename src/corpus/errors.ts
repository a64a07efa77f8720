import { FixableError } from "../errors.ts";
/**
 * The seeds directory itself could not be read (missing, not a directory, no permission). Bad
 * files inside it are never errors: they are skipped with a reason.
 */
export class CorpusError extends FixableError {
  constructor(
    readonly dir: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`seeds directory ${dir} ${problem} (set SEEDS_DIR to the folder holding the reports)`, options);
  }
}
