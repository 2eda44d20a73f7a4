/**
 * How the store's threads are started.
 *
 * @module
 */

/**
 * The Node options a store thread starts with: the process's own, which a worker inherits (so that `--expose-gc` or a
 * V8 trace reaches it too), without `--input-type`. A process started as `node --input-type=module -e …` has that
 * option, and a worker refuses it: every write of the store would fail.
 */
export function threadExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--input-type")
      i++; // its value follows
    else if (!a.startsWith("--input-type=")) kept.push(a);
  }
  return kept;
}
