/** TypeORM's postgres driver answers UPDATE/DELETE ... RETURNING with [rows, affected]; INSERT/SELECT with rows. */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? (r[0] as T[]) : (r as T[]);
}
