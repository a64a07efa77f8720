import { currentPointer, incompatibility, loadGeneration, loadGenerationPassages, newestFirst, readBaseLexical, readBaseVectors } from "../index/mod.ts";
import type { LoadedIndex, Manifest } from "../index/mod.ts";
import { NO_MODEL } from "../embed/mod.ts";
import type { HierarchicalNSW } from "hnswlib-node";
import type { LexicalIndex } from "../keyword/mod.ts";
import type { BuildOptions } from "./build.ts";
import type { Previous } from "./types.ts";

/** A loaded index as a {@link Previous}: its parts are already in memory. */
export function fromLoaded(index: LoadedIndex, own: boolean): Previous {
  return { ...index, lexicalAverages: index.lexical.averageLengths, readVectors: async () => index.vectors, readLexical: async () => index.lexical, own };
}

/** Loads the generation in `dir` as a {@link Previous}, without its graph and lexical segment when its manifest allows. */
async function loadPrevious(dir: string): Promise<Previous> {
  const light = await loadGenerationPassages(dir);
  if (light === undefined) return fromLoaded(await loadGeneration(dir), true);
  let vectors: Promise<HierarchicalNSW> | undefined;
  let lexical: Promise<LexicalIndex> | undefined;
  return {
    ...light,
    lexicalAverages: light.manifest.lexicalAverages!,
    readVectors: () => (vectors ??= readBaseVectors(light)),
    readLexical: () => (lexical ??= readBaseLexical(light)),
    own: true,
  };
}

/** Whether a build's embedder, or an index's model, is "none": keyword search only, no vectors. */
export function isKeywordOnly(model: { modelId: string } | { id: string }): boolean {
  return ("modelId" in model ? model.modelId : model.id) === NO_MODEL;
}

/** What the manifest records about the model, so an index is never mixed with another model's vectors. */
export function modelFingerprint(options: Pick<BuildOptions, "embedder" | "embedding">): Manifest["model"] {
  // Without a model, the quantisation and prefix settings mean nothing: changing them rebuilds nothing.
  if (isKeywordOnly(options.embedder)) return { id: NO_MODEL, dimensions: options.embedder.dimensions, quantized: false, queryPrefix: "", passagePrefix: "" };
  return {
    id: options.embedder.modelId,
    dimensions: options.embedder.dimensions,
    quantized: options.embedding.quantized,
    queryPrefix: options.embedding.queryPrefix ?? "(model default)",
    passagePrefix: options.embedding.passagePrefix ?? "(model default)",
  };
}

/**
 * The previous index, when its passages (and vectors) can be reused; otherwise why not (a full
 * rebuild follows). An index built with another model, schema or chunking is never mixed with new
 * vectors; a build without a model reuses the passages of an index of any model.
 */
export async function usablePrevious(options: BuildOptions): Promise<{ previous?: Previous; reason?: string }> {
  let previous = options.previous === undefined ? undefined : fromLoaded(options.previous, false);
  if (previous === undefined && options.previousDir !== undefined) previous = await loadPrevious(options.previousDir).catch(() => undefined);
  if (previous === undefined) {
    const pointer = await currentPointer(options.index.dir);
    if (pointer === undefined) return { reason: "no index yet" };
    let problem = "problem" in pointer ? pointer.problem : undefined;
    if (problem === undefined) previous = await loadPrevious((pointer as { dir: string }).dir).catch((error: Error) => void (problem = error.message));
    // A damaged generation in force: build on the newest intact one instead (it is fully verified
    // on loading, so none of its files is linked into the new generation unchecked).
    if (previous === undefined) {
      for (const dir of await newestFirst(options.index.dir, "dir" in pointer ? [pointer.dir] : [])) {
        previous = await loadPrevious(dir).catch(() => undefined);
        if (previous !== undefined) break;
      }
    }
    if (previous === undefined) return { reason: `the index in force could not be read (${problem})` };
  }
  // A build without a model keeps the passages of an index with vectors (their vectors are set
  // aside, see carry-vectors.ts): only the schema and the chunking must match then.
  const model = isKeywordOnly(options.embedder) ? previous.manifest.model : modelFingerprint(options);
  const reason = incompatibility(previous.manifest, model, options.corpus.chunk);
  if (reason !== undefined) {
    if (previous.own) previous.close();
    return { reason };
  }
  return { previous };
}
