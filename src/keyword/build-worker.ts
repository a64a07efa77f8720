/**
 * The worker thread of {@link buildLexicalInParallel}: builds the postings of one contiguous slice
 * of the passages and hands them back, their arrays transferred rather than copied.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildPostings } from "./postings.ts";
import { FIELDS, termDocuments } from "./segment.ts";
import type { LexicalDocument } from "./segment.ts";

const postings = buildPostings(FIELDS.length, termDocuments(workerData as LexicalDocument[]));
const { keys, offsets, docs, tfs, lengths } = postings;
const buffers = [keys, offsets, docs, tfs, ...lengths].map((a) => a.buffer as ArrayBuffer);
parentPort!.postMessage(postings, buffers);
