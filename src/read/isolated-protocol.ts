/** The messages between isolated.ts and reader-child.ts (Node IPC, structured clone). */
import type { ReadLimits, ReadResult } from "./types.ts";

export interface ReaderRequest {
  id: number;
  bytes: Uint8Array;
  name: string;
  limits: ReadLimits;
}

export interface ReaderResponse {
  id: number;
  result: ReadResult;
}
