/** What the probes' pure wire readers return for the bytes received so far. */
export type ReadResult<T> =
  | { status: 'incomplete' }
  | { status: 'ok'; value: T; /** Bytes used from the start of the input. */ consumed: number }
  | { status: 'error'; reason: string };
