/**
 * `npm run model -- pack FILE` / `npm run model -- unpack FILE`: carry the embedding model to a
 * machine without internet (docs/offline.md).
 *
 * pack: loads EMBEDDING_MODEL as the bot would (from embeddings/models, downloading what is
 * missing), then writes its files and their checksums into one tar archive.
 * unpack: checks every file of the archive against its checksum, installs them into
 * embeddings/models, and proves the model loads there with downloads off.
 */
import path from "node:path";
import { ModelPackError, loadEmbedder, packModel, unpackModel } from "../embed/mod.ts";
import { runCommand } from "./run.ts";

const USAGE = "usage: npm run model -- pack FILE   (on a connected machine)\n       npm run model -- unpack FILE (on the machine without internet)";

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

await runCommand(async (config) => {
  const [action, file, ...rest] = process.argv.slice(2);
  if ((action !== "pack" && action !== "unpack") || file === undefined || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const archive = path.resolve(file);
  if (action === "pack") {
    if (config.embedding.model === "none") throw new ModelPackError("EMBEDDING_MODEL=none: there is no model to pack");
    const files = await packModel(config.embedding, archive);
    console.log(`Packed ${config.embedding.model} into ${archive}:`);
    for (const f of files) console.log(`  ${f.path.padEnd(60)} ${megabytes(f.bytes).padStart(10)}  sha256 ${f.sha256.slice(0, 16)}…`);
    console.log("On the machine without internet: npm run model -- unpack " + path.basename(archive));
    return 0;
  }
  const { model, files } = await unpackModel(archive, config.embedding.cacheDir);
  console.log(`Installed ${model} into ${config.embedding.cacheDir} (${files.length} files, checksums match).`);
  // The model must also load from there without the network, as the bot will load it.
  const embedder = await loadEmbedder({ ...config.embedding, model, offline: true });
  console.log(`It loads with downloads off: ${embedder.dimensions} dimensions.`);
  await embedder.dispose();
  if (config.embedding.model !== model) console.log(`EMBEDDING_MODEL is "${config.embedding.model}": set EMBEDDING_MODEL=${model} to use it.`);
  console.log("Start the bot: EMBEDDING_OFFLINE=true npm start");
  return 0;
});
