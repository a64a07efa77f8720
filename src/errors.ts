/**
 * An error the person running hoidap can fix (a bad setting, a missing model, a damaged index, a
 * broken prompt or messages file). Its message is the whole story, in one line, and says what to
 * do; the command line prints it without a stack trace and exits with code 2.
 */
export class FixableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A setting that could not be parsed: `setting` is the environment variable's name. */
export class ConfigError extends FixableError {
  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}
