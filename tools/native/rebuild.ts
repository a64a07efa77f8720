/** Compiles hnswlib-node again, in a scratch copy, with extra compiler flags. */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";

/** Where node-gyp is and which Node headers it uses. */
export interface GypTool {
  /** node-gyp.js to run with this Node. */
  script: string;
  /** Extra arguments (--nodedir when the headers are known to be local). */
  args: string[];
}

/**
 * npm's own node-gyp, as npm announces it to install scripts (npm_config_node_gyp), or the one
 * next to the npm that runs this. Its headers: npm's nodedir setting reaches node-gyp through the
 * environment; without it, the running Node's own headers when installed (no download needed).
 */
export function findGyp(env: NodeJS.ProcessEnv): GypTool | undefined {
  const candidates = [
    env.npm_config_node_gyp,
    env.npm_execpath && path.join(path.dirname(env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"),
    path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  const script = candidates.find((c): c is string => !!c && existsSync(c));
  if (!script) return undefined;
  const prefix = path.join(path.dirname(process.execPath), "..");
  const localHeaders = !env.npm_config_nodedir && existsSync(path.join(prefix, "include", "node", "common.gypi"));
  return { script, args: localHeaders ? [`--nodedir=${prefix}`] : [] };
}

/**
 * Copies the package (without its build) to `scratchDir` and runs `node-gyp rebuild` there with
 * CXXFLAGS (gyp's Makefile appends them to its own). The scratch copy stays inside node_modules
 * so binding.gyp's require('node-addon-api') resolves as it does for the real package.
 * Returns the built addon's path; throws with the compiler's last line when the build fails.
 */
export function rebuildAddon(packageDir: string, scratchDir: string, cxxflags: string, gyp: GypTool): string {
  rmSync(scratchDir, { recursive: true, force: true });
  mkdirSync(scratchDir, { recursive: true });
  cpSync(packageDir, scratchDir, { recursive: true, filter: (src) => src !== path.join(packageDir, "build") });
  const env = { ...process.env, CXXFLAGS: `${process.env.CXXFLAGS ?? ""} ${cxxflags}`.trim() };
  const run = spawnSync(process.execPath, [gyp.script, "rebuild", ...gyp.args], { cwd: scratchDir, env, encoding: "utf8", timeout: 600_000 });
  const built = path.join(scratchDir, "build", "Release", "addon.node");
  if (run.status !== 0 || !existsSync(built)) {
    const output = `${run.stderr ?? ""}${run.stdout ?? ""}`.split("\n").filter((l) => /error/i.test(l) && !/^gyp ERR! (cwd|node -v|node-gyp -v|System|command)/.test(l));
    throw new Error(`node-gyp failed: ${output[0]?.trim() ?? run.error?.message ?? `exit ${run.status}`}`);
  }
  return built;
}
