import pino from "pino";
import type { Logger } from "pino";

export type { Logger };

/**
 * The process logger: JSON lines on stderr (stdout stays clean for `ask --json`), or appended to
 * `file` when given (the terminal chat, whose screen is the conversation). Every secret given is
 * replaced by "[redacted]" wherever it appears in a log line, so a token that leaks into an error
 * message or URL never reaches the log.
 */
export function createLogger(level: string, secrets: ReadonlyArray<string | undefined> = [], file?: string): Logger {
  const hidden = secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  const scrub = (line: string) => hidden.reduce((text, secret) => text.split(secret).join("[redacted]"), line);
  const destination = pino.destination(file === undefined ? { dest: 2, sync: true } : { dest: file, sync: true, mkdir: true, append: true });
  return pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    hidden.length === 0 ? destination : { write: (line: string) => destination.write(scrub(line)) },
  );
}
