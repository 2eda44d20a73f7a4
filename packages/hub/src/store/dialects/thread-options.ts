/**
 * How the store's threads are started.
 *
 * @module
 */

/**
 * The `execArgv` a store thread starts with. Normally none is given: the worker then takes the options of the process
 * that a worker may have, as Node does by default (`--expose-gc` or a V8 trace reach it too). Given explicitly, Node
 * would refuse the per-process ones instead (`--max-old-space-size`, `--expose-gc`: `ERR_WORKER_INVALID_EXEC_ARGV`).
 * The exception is a process started as `node --input-type=module -e …`: Node passes `--input-type` on, the worker's
 * loader refuses it, and every write of the store would fail. Such a process starts its threads with no options.
 */
export function threadExecArgv(argv: readonly string[] = process.execArgv): string[] | undefined {
  return argv.some((a) => a === "--input-type" || a.startsWith("--input-type=")) ? [] : undefined;
}
