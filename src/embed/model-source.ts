/**
 * Where an embedding model comes from, and how transformers.js must be set up to read it there.
 *
 * transformers.js v2 resolves every file as `env.localModelPath + "/" + name + "/" + file` first,
 * then `env.cacheDir + "/" + name + "/" + file`, then (when allowed) the Hugging Face Hub, caching
 * what it downloads under `env.cacheDir` (src/utils/hub.js, getModelFile). So a local directory is
 * loaded by its basename with `localModelPath` set to its parent.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { env } from "@xenova/transformers";
import type { EmbeddingConfig } from "./types.ts";

/** A model to load: a local directory, or a hub id looked up in the cache (and downloaded if allowed). */
export interface ModelSource {
  kind: "local" | "hub";
  /** The name transformers.js is given: the directory's basename, or the hub id. */
  name: string;
  /** Where the files are expected: the local directory, or `cacheDir/<hub id>`. */
  dir: string;
  /** Whether transformers.js may fetch missing files from the Hugging Face Hub. */
  remoteAllowed: boolean;
  /** The ONNX file transformers.js will read (it picks the quantized one unless told otherwise). */
  onnxFile: string;
  /** The server downloads come from (the Hub unless `remoteHost` is configured). */
  remoteHost: string;
}

/** The files a feature-extraction model needs, relative to its directory. */
export const requiredFiles = (onnxFile: string) => ["config.json", "tokenizer.json", "tokenizer_config.json", onnxFile];

/**
 * Decides where `config.model` is loaded from. An absolute path is always a local directory
 * (config.ts resolves `./x` and existing relative paths to absolute ones; hub ids never start with
 * "/"), so a mistyped directory is reported as missing instead of being looked up on the Hub.
 */
export function resolveModelSource(config: EmbeddingConfig): ModelSource {
  const onnxFile = config.quantized ? "onnx/model_quantized.onnx" : "onnx/model.onnx";
  if (path.isAbsolute(config.model)) {
    const dir = path.resolve(config.model);
    return { kind: "local", name: path.basename(dir), dir, remoteAllowed: false, onnxFile, remoteHost: config.remoteHost ?? HUB_HOST };
  }
  return {
    kind: "hub",
    name: config.model,
    dir: path.join(config.cacheDir, ...config.model.split("/")),
    remoteAllowed: !config.offline,
    onnxFile,
    remoteHost: config.remoteHost ?? HUB_HOST,
  };
}

/** Files of `requiredFiles` that are not in the source's directory. */
export function missingFiles(source: ModelSource): string[] {
  return requiredFiles(source.onnxFile).filter((f) => !existsSync(path.join(source.dir, f)));
}

/** The subset of transformers.js `env` we set (its published typings declare these as read-only re-exports). */
interface LibraryEnv {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  localModelPath: string;
  cacheDir: string;
  useFSCache: boolean;
  remoteHost: string;
  remotePathTemplate: string;
}

/** The Hugging Face Hub, which transformers.js downloads from unless told otherwise. */
export const HUB_HOST = "https://huggingface.co";

/**
 * Points transformers.js at the source. `env` is one object shared by the whole process and is read
 * while files are being fetched, so every field that matters is set on every load (nothing is
 * inherited from an earlier load) and loads must not overlap — see `loadEmbedder`.
 */
export function configureLibrary(source: ModelSource, cacheDir: string, remoteHost = HUB_HOST): void {
  const e = env as unknown as LibraryEnv;
  e.allowLocalModels = true;
  e.cacheDir = cacheDir;
  e.remoteHost = `${remoteHost.replace(/\/+$/, "")}/`;
  e.remotePathTemplate = "{model}/resolve/{revision}/";
  if (source.kind === "local") {
    e.localModelPath = path.dirname(source.dir);
    e.allowRemoteModels = false;
    // The cache is keyed by name only: a cached model with the same basename would shadow the directory.
    e.useFSCache = false;
  } else {
    // Look for "local" files in the cache too, rather than in node_modules/@xenova/transformers/models.
    e.localModelPath = cacheDir;
    e.allowRemoteModels = source.remoteAllowed;
    e.useFSCache = true;
  }
}
