import { DevIssuer } from '@wco/auth';
import { createTestDatabase, startServiceProcess, type ServiceProcess, type TestDatabase } from '@wco/testing';
import { randomUUID } from 'node:crypto';
import { seizureReport } from './testing/report-bodies';
import { analyst, coordinator, type TestUser } from './testing/intel-test-app';

jest.setTimeout(180_000);

// The personal data of one report, made unlikely enough that finding one of them in a log line can only mean it
// was logged. A family name in upper case as well: the service normalises some fields.
const PERSON = { familyName: 'Vandermeulenova', givenNames: 'Quirijntje Hildegonde', dateOfBirth: '1971-02-03' };
const DOCUMENT = { type: 'passport', number: 'XQ7734PII91', issuingCountry: 'NL' };
const SECRETS = [
  PERSON.familyName,
  PERSON.familyName.toUpperCase(),
  PERSON.givenNames,
  'Quirijntje',
  'Hildegonde',
  PERSON.dateOfBirth,
  DOCUMENT.number,
];

/**
 * The real intel-exchange process at LOG_LEVEL=debug, every byte it writes to stdout and stderr captured, while
 * reports with personal data are submitted (accepted, replayed, refused as invalid, read by the Member it was
 * released to, corrected) and the outbox relay publishes their events: none of the values may appear in a line.
 */
describe('intel-exchange logs (its own process, everything it prints)', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let issuer: DevIssuer;
  const FR = analyst('FR');
  const DE = analyst('DE');

  const call = async (user: TestUser, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const token = await issuer.issueToken({ subject: user.subject, member: user.member ?? 'WCO', roles: user.roles });
    const res = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
  };

  beforeAll(async () => {
    issuer = await DevIssuer.load();
    db = await createTestDatabase('intel_logs');
    service = await startServiceProcess('intel-exchange', {
      NODE_ENV: 'test',
      DATABASE_NAME: db.name,
      AUTH_DEV_ISSUER: 'true',
      LOG_LEVEL: 'debug',
      OTEL_TRACES_EXPORTER: 'none',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('accepts, serves and publishes a report with personal data without writing any of it to a log line', async () => {
    const COORD = coordinator();
    const op = await call(COORD, 'POST', '/operations', {
      name: 'Operation Log Hygiene',
      commodityFocus: ['drugs'],
      participants: ['FR', 'DE'],
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      requiredFields: [],
    });
    expect(op.status).toBe(201);
    expect((await call(COORD, 'POST', `/operations/${op.body.id}/transitions`, { state: 'active' })).status).toBe(200);

    const report = seizureReport({
      operationId: op.body.id,
      tlp: 'AMBER',
      distribution: { level: 'operation_participants' },
      persons: [{ role: 'driver', nationality: 'NL', ageBand: '45_54' }],
      personalData: { persons: [{ personIndex: 0, ...PERSON, documents: [DOCUMENT] }] },
      personalDataReleasedTo: ['DE'],
    } as never);
    const key = randomUUID();
    const created = await call(FR, 'POST', '/reports', report, { 'idempotency-key': key });
    expect(created.status).toBe(201);
    // A client retry: answered from the idempotency record.
    expect((await call(FR, 'POST', '/reports', report, { 'idempotency-key': key })).body.id).toBe(created.body.id);
    // The same key with another body, and invalid bodies carrying the personal data: refused, and not echoed.
    const refused = expect.objectContaining({ status: expect.any(Number), body: expect.objectContaining({ code: expect.any(String) }) });
    const otherBody = await call(FR, 'POST', '/reports', { ...report, goods: [] }, { 'idempotency-key': key });
    const future = { personalData: { persons: [{ personIndex: 0, ...PERSON, dateOfBirth: '2999-01-01', documents: [DOCUMENT] }] } };
    const invalid = await call(FR, 'POST', '/reports', { ...report, ...future });
    const unknownField = await call(FR, 'POST', '/reports', { ...report, contactName: PERSON.familyName });
    const unknownQuery = await call(FR, 'GET', `/reports?familyName=${PERSON.familyName}`);
    for (const res of [otherBody, invalid, unknownField, unknownQuery]) {
      expect(res).toEqual(refused);
      expect(res.status >= 400 && res.status < 500).toBe(true);
    }

    // The data is really in the service: DE, to whom it was released, reads it back.
    const asDe = await call(DE, 'GET', `/reports/${created.body.id}`);
    expect(asDe.status).toBe(200);
    expect(asDe.body.personalData.persons[0]).toMatchObject({ familyName: PERSON.familyName, dateOfBirth: PERSON.dateOfBirth });
    const revised = await call(FR, 'POST', `/reports/${created.body.id}/versions`, { ...report, detection: { code: 'sniffer_dog' } });
    expect(revised.status).toBe(201);

    // Let the relay publish the events and the correlation run, then stop the process so that it flushes.
    await new Promise((r) => setTimeout(r, 3000));
    const { code, signal } = await service.stop();
    expect({ code, signal }).not.toEqual({ code: null, signal: 'SIGKILL' });

    const lines = service.lines().filter((l) => l.trim() !== '');
    // The capture saw the process's life: its start, its requests' log lines with trace ids, its shutdown.
    expect(lines.some((l) => l.includes('listening on'))).toBe(true);
    const entries = lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    expect(entries.length).toBe(lines.length);
    expect(entries.every((e) => typeof e['time'] === 'string' && typeof e['level'] === 'string' && e['service'] === 'intel-exchange')).toBe(
      true,
    );
    expect(entries.some((e) => typeof e['trace_id'] === 'string' && /^[0-9a-f]{32}$/.test(e['trace_id'] as string))).toBe(true);

    const leaks = lines.flatMap((line) => SECRETS.filter((s) => line.toLowerCase().includes(s.toLowerCase())).map((s) => `${s}: ${line}`));
    expect(leaks).toEqual([]);
  });
});
