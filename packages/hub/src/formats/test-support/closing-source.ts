/**
 * Chunks of text for stream tests that record whether the reader closed them: a stream parser that stops early
 * (a refusal, a consumer that breaks out of its loop) must close its source, or a file handle stays open.
 */

/** Chunks that record whether the reader closed them (left its loop early). */
export function closingSource(...texts: string[]): { readonly chunks: Generator<string>; readonly closed: boolean } {
  const state = { closed: false };
  function* chunks(): Generator<string> {
    try {
      yield* texts;
    } finally {
      state.closed = true;
    }
  }
  return {
    chunks: chunks(),
    get closed() {
      return state.closed;
    },
  };
}
