import type { ChunkConfig } from "../corpus/mod.ts";
import { READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION } from "./manifest.ts";
import type { Manifest } from "./manifest.ts";

/**
 * Why an index cannot serve (or be extended) with the given model and chunking, or `undefined`
 * when it can. Vectors of two models are never mixed: any difference means a full rebuild.
 */
export function incompatibility(manifest: Manifest, model: Manifest["model"], chunking?: ChunkConfig): string | undefined {
  if (!READABLE_SCHEMA_VERSIONS.includes(manifest.schemaVersion)) {
    return `the index has schema version ${manifest.schemaVersion}, this version of hoidap uses ${SCHEMA_VERSION}`;
  }
  const was = manifest.model;
  if (was.id !== model.id || was.dimensions !== model.dimensions) {
    return `the index was built with model ${was.id} (${was.dimensions} dimensions), the configured model is ${model.id} (${model.dimensions} dimensions)`;
  }
  if (was.quantized !== model.quantized || was.queryPrefix !== model.queryPrefix || was.passagePrefix !== model.passagePrefix) {
    return `the index was built with other settings of model ${was.id} (quantized or prefixes)`;
  }
  if (chunking !== undefined) {
    const c = manifest.chunking;
    if (c.targetWords !== chunking.targetWords || c.maxWords !== chunking.maxWords || c.overlapSentences !== chunking.overlapSentences) {
      return "the passage size settings (CHUNK_*) changed since the index was built";
    }
  }
  return undefined;
}
