/**
 * Reading a file named on the command line, with the errors a user can act on.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { HubError } from "../../core/index.js";

/** The file's bytes; throws `FILE_NOT_FOUND` or `FILE_UNREADABLE` naming the file as the user wrote it. */
export async function readInput(path: string, shown: string): Promise<Uint8Array> {
  try {
    // A plain Uint8Array over the Buffer's memory, not a copy: a file of a gigabyte is held once.
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new HubError("FILE_NOT_FOUND", `${shown} does not exist`, { details: { file: shown }, cause: e });
    const reason =
      code === "EISDIR"
        ? "is a directory"
        : code === "EACCES" || code === "EPERM"
          ? "is not readable (permission denied)"
          : `cannot be read (${code ?? "unknown error"})`;
    throw new HubError("FILE_UNREADABLE", `${shown} ${reason}`, { details: { file: shown }, cause: e });
  }
}
