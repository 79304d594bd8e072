import { isUuid } from '@wco/http';

/**
 * OAI-PMH resumption tokens, stateless: the token is the query (metadataPrefix, set, from, until) and the position
 * (the last record's datestamp at microsecond precision and its id) in base64url JSON, with its expiry. Any replica
 * answers it, a restart does not lose it, and it stays valid for TOKEN_LIFETIME_MS (24 h; InvenioRDM's expire after
 * a minute). It is not signed: it grants nothing a fresh request could not ask for, since OAI-PMH only ever shows
 * public records.
 */
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface HarvestQuery {
  metadataPrefix: string;
  set?: string;
  /** Inclusive bounds, YYYY-MM-DDThh:mm:ssZ. `until` is fixed at the first page, so the list does not grow mid-harvest. */
  from?: string;
  until: string;
}

export interface ResumptionState {
  query: HarvestQuery;
  after: { position: string; id: string };
  /** Records returned before the next page (the `cursor` attribute). */
  cursor: number;
  expiresAt: string;
}

const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MICRO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;
const SET = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;

export function encodeResumptionToken(state: ResumptionState): string {
  const { query: q } = state;
  const compact = {
    p: q.metadataPrefix,
    s: q.set,
    f: q.from,
    u: q.until,
    a: [state.after.position, state.after.id],
    c: state.cursor,
    x: state.expiresAt,
  };
  return Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
}

/** The state of a token this service issued and that has not expired; undefined for anything else. */
export function decodeResumptionToken(token: string, now: Date): ResumptionState | undefined {
  if (token.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const t = raw as Record<string, unknown>;
  const keys = Object.keys(t);
  if (keys.some((k) => !['p', 's', 'f', 'u', 'a', 'c', 'x'].includes(k))) return undefined;
  const okPrefix = typeof t.p === 'string' && PREFIX.test(t.p);
  const okSet = t.s === undefined || (typeof t.s === 'string' && SET.test(t.s));
  const okFrom = t.f === undefined || (typeof t.f === 'string' && SECOND.test(t.f));
  const okUntil = typeof t.u === 'string' && SECOND.test(t.u);
  const a = t.a;
  const okAfter = Array.isArray(a) && a.length === 2 && typeof a[0] === 'string' && MICRO.test(a[0]) && isUuid(a[1]);
  const okCursor = typeof t.c === 'number' && Number.isSafeInteger(t.c) && t.c > 0;
  const okExpiry = typeof t.x === 'string' && !Number.isNaN(Date.parse(t.x));
  if (!(okPrefix && okSet && okFrom && okUntil && okAfter && okCursor && okExpiry)) return undefined;
  if (Date.parse(t.x as string) <= now.getTime()) return undefined;
  const after = a as [string, string];
  return {
    query: {
      metadataPrefix: t.p as string,
      ...(t.s ? { set: t.s as string } : {}),
      ...(t.f ? { from: t.f as string } : {}),
      until: t.u as string,
    },
    after: { position: after[0], id: after[1] },
    cursor: t.c as number,
    expiresAt: t.x as string,
  };
}
