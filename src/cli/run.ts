import { ConfigError, loadConfig } from "../config.ts";
import type { Config } from "../config.ts";
import { FixableError } from "../errors.ts";
import { createLogger, guardOutput } from "../log.ts";
import type { Logger } from "../log.ts";

/**
 * Runs a command-line entry point: loads the configuration, and turns the errors a user can fix
 * ({@link FixableError}: bad setting, model not available, index damaged, broken prompt file)
 * into one clear line and exit code 2, instead of a stack trace. Anything else is a bug and keeps
 * its stack.
 */
export async function runCommand(main: (config: Config, logger: Logger) => Promise<number | void>): Promise<void> {
  try {
    const config = loadConfig();
    // The token's secret half too: a URL-encoded token ("%3A" for ":") still shows it whole.
    const secrets = [config.telegram.token, config.telegram.token?.split(":")[1], config.llm?.apiKey];
    guardOutput(secrets);
    const logger = createLogger(config.logLevel, secrets);
    const code = await main(config, logger);
    process.exitCode = code ?? 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof FixableError) {
      console.error(error.message);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  }
}

/** Splits argv into flags (`--name value`, `--flag`) and positional words. */
export function parseArgs(argv: readonly string[], booleanFlags: readonly string[] = []): { flags: Map<string, string | true>; words: string[] } {
  const flags = new Map<string, string | true>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      if (inline !== undefined) flags.set(name, inline);
      else if (booleanFlags.includes(name) || i + 1 >= argv.length || argv[i + 1]!.startsWith("--")) flags.set(name, true);
      else flags.set(name, argv[++i]!);
    } else words.push(arg);
  }
  return { flags, words };
}
