import { FixableError } from "../errors.ts";

/** Why an index could not be used. Every message ends by saying how to fix it. */
export type IndexErrorKind = "missing" | "corrupt" | "incompatible" | "busy";

/** An index that cannot be loaded or built; `kind` says which case, the message says what to do. */
export class IndexError extends FixableError {
  constructor(
    readonly kind: IndexErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The one remedy for a missing, corrupt or incompatible index. */
export const REBUILD_HINT = "Run `npm run index` to rebuild it.";
