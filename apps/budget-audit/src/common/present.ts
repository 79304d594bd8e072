/** A value the transaction has just read or written under lock: its absence is a bug, never a client error. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} vanished inside its own transaction`);
  return value;
}
