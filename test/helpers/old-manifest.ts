/**
 * A manifest as hoidap wrote it before checksums: without its own checksum and the files' ones.
 * Tests that rewrite a manifest to stand for an older version's start from this.
 */
export function writtenBeforeChecksums<T extends object>(manifest: T): Omit<T, "checksum" | "checksums"> {
  const { checksum: _checksum, checksums: _checksums, ...rest } = manifest as T & { checksum?: unknown; checksums?: unknown };
  return rest;
}
