import { decodeResumptionToken, encodeResumptionToken, TOKEN_LIFETIME_MS } from './resumption-token';
import type { ResumptionState } from './resumption-token';

describe('OAI-PMH resumption tokens', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const state: ResumptionState = {
    query: { metadataPrefix: 'oai_dc', set: 'topic:revenue_collection', from: '2026-01-01T00:00:00Z', until: '2026-12-01T12:00:00Z' },
    after: { position: '2026-06-01T10:00:00.123456Z', id: '1a2b3c4d-0000-4000-8000-000000000001' },
    cursor: 100,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString(),
  };
  const raw = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('decodes what it encoded, until it expires', () => {
    const token = encodeResumptionToken(state);
    expect(decodeResumptionToken(token, now)).toEqual(state);
    expect(decodeResumptionToken(token, new Date(now.getTime() + TOKEN_LIFETIME_MS - 1))).toEqual(state);
    expect(decodeResumptionToken(token, new Date(now.getTime() + TOKEN_LIFETIME_MS))).toBeUndefined();
  });

  it('refuses anything it did not issue: garbage, extra fields, bad positions, bad sets, bad cursors', () => {
    const good = JSON.parse(Buffer.from(encodeResumptionToken(state), 'base64url').toString()) as Record<string, unknown>;
    for (const bad of [
      'not a token',
      'eyJ',
      raw([1, 2]),
      raw({ ...good, extra: 1 }),
      raw({ ...good, a: ['2026-06-01T10:00:00Z', good.a && (good.a as string[])[1]] }),
      raw({ ...good, a: [(good.a as string[])[0], 'not-a-uuid'] }),
      raw({ ...good, s: 'topic: spaces' }),
      raw({ ...good, c: 0 }),
      raw({ ...good, c: 1.5 }),
      raw({ ...good, u: '2026-12-01' }),
      raw({ ...good, x: 'never' }),
    ]) {
      expect(decodeResumptionToken(bad, now)).toBeUndefined();
    }
  });
});
