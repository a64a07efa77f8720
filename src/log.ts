import pino from "pino";
import type { Logger } from "pino";

export type { Logger };

/**
 * The process logger: JSON lines on stderr (stdout stays clean for `ask --json`). Every secret
 * given is replaced by "[redacted]" wherever it appears in a log line, so a token that leaks into
 * an error message or URL never reaches the log.
 */
export function createLogger(level: string, secrets: ReadonlyArray<string | undefined> = []): Logger {
  const hidden = secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  const scrub = (line: string) => hidden.reduce((text, secret) => text.split(secret).join("[redacted]"), line);
  const destination = pino.destination({ dest: 2, sync: true });
  return pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    hidden.length === 0 ? destination : { write: (line: string) => destination.write(scrub(line)) },
  );
}

/**
 * Replaces every secret given by "[redacted]" in anything written to stdout and stderr by other
 * means than the logger (a library's console.error of a failed request, whose URL holds the bot
 * token; an unexpected error's stack). Call once, at the program's edge. A secret split across two
 * writes is not caught; libraries print whole lines.
 */
export function guardOutput(secrets: ReadonlyArray<string | undefined>): void {
  const hidden = secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  if (hidden.length === 0) return;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== "string" && !(chunk instanceof Uint8Array)) return write(chunk, ...rest);
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (!hidden.some((s) => text.includes(s))) return write(chunk, ...rest);
      return write(hidden.reduce((t, s) => t.split(s).join("[redacted]"), text), ...rest);
    }) as typeof stream.write;
  }
}
