/**
 * The question-answering service shared by the bot and the command line: model, glossary and the
 * index in force, with search, answers and single-flight reindexing. See {@link openQaService}.
 */
export { openQaService } from "./service.ts";
export type { OpenOptions, QaService } from "./service.ts";
export type { EmbedderModule } from "./reindex-protocol.ts";
