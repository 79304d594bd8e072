import { MatchFoundEvent } from '@wco/contracts';
import { analyst, containerNumber, coordinator, EventCollector, IntelTestApp, startIntelApp } from './testing/intel-test-app';
import { seizureReport } from './testing/report-bodies';

jest.setTimeout(60_000);

// Scenario: a joint operation, two participating Members seize goods from the same container; each is told of the
// other's report through a match event on Kafka, and a Member outside the operation hears nothing.
describe('intel-exchange scenario: match push in a joint operation', () => {
  let t: IntelTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startIntelApp('intel_e2e', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics['intel.match.v1'], t.topics['intel.report.v1'], t.topics['intel.operation.v1']]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  it('is ready only with its database and broker', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    const names = (JSON.parse(res.body).checks as { name: string; status: string }[]).map((c) => `${c.name}:${c.status}`).sort();
    expect(names).toEqual(['database:up', 'kafka:up']);
  });

  it('both participants get a match event naming the other report; an outsider gets nothing', async () => {
    const COORD = coordinator();
    const FR = analyst('FR');
    const NL = analyst('NL');
    const BR = analyst('BR');
    const op = await t.openOperation(COORD, {
      name: 'Operation Banana Split',
      commodityFocus: ['drugs'],
      startsOn: '2026-02-01',
      endsOn: '2026-03-31',
      participants: ['FR', 'NL'],
      requiredFields: ['conveyance.containers'],
    });

    const container = containerNumber('MSK', 424242);
    const body = () =>
      seizureReport({
        operationId: op,
        tlp: 'AMBER',
        distribution: { level: 'operation_participants' },
        conveyance: { transportMode: 'sea', containers: [{ number: container }] },
        route: undefined,
      });
    const outsiderReport = await t.call(
      BR,
      'POST',
      '/reports',
      seizureReport({
        route: undefined,
        conveyance: { transportMode: 'sea', containers: [{ number: container }] },
        distribution: { level: 'originator_only' },
      }),
    );
    expect(outsiderReport.status).toBe(201);
    const fr = await t.call(FR, 'POST', '/reports', body());
    const nl = await t.call(NL, 'POST', '/reports', body());
    expect([fr.status, nl.status]).toEqual([201, 201]);

    const matchEvents = () =>
      collector.events.filter((e) => e.event.type === MatchFoundEvent.type).map((e) => e.event.data as Record<string, unknown>);
    await collector.waitFor(() => matchEvents().length >= 2);
    await new Promise((r) => setTimeout(r, 1000));
    const events = matchEvents();
    expect(events).toHaveLength(2);
    expect(events.find((e) => e['memberToNotify'] === 'FR')).toMatchObject({
      reportId: fr.body.id,
      matchedReportId: nl.body.id,
      indicatorKinds: ['container'],
    });
    expect(events.find((e) => e['memberToNotify'] === 'NL')).toMatchObject({
      reportId: nl.body.id,
      matchedReportId: fr.body.id,
      indicatorKinds: ['container'],
    });
    expect(events.some((e) => e['memberToNotify'] === 'BR')).toBe(false);
    expect(JSON.stringify(events)).not.toContain(outsiderReport.body.id);

    // The events travel in CloudEvents binary mode, keyed by the match id.
    const raw = collector.events.find((e) => e.event.type === MatchFoundEvent.type)!;
    expect(raw.event.source).toBe('/intel-exchange');
    expect(raw.event.key).toBe(raw.event.subject);

    expect((await t.call(BR, 'GET', '/matches')).body.items).toEqual([]);
    expect((await t.call(NL, 'GET', '/matches')).body.items).toEqual([
      expect.objectContaining({ reportId: nl.body.id, matchedReportId: fr.body.id }),
    ]);
  });
});
