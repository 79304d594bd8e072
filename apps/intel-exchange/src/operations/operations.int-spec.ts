import { OperationChangedEvent } from '@wco/contracts';
import { analyst, coordinator, EventCollector, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

const COORD = coordinator();
const OTHER_COORD = coordinator('KE');
const FR = analyst('FR');
const DE = analyst('DE');
const BR = analyst('BR');

describe('operations: lifecycle, participants, template, visibility, events', () => {
  let t: IntelTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startIntelApp('intel_operations', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics['intel.operation.v1']]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  const create = (extra: Record<string, unknown> = {}) =>
    t.call(COORD, 'POST', '/operations', {
      name: 'Operation Westerlies',
      commodityFocus: ['drugs', 'precursors'],
      startsOn: '2026-03-01',
      endsOn: '2026-04-30',
      participants: ['FR', 'DE'],
      requiredFields: ['goods.hsCode', 'conveyance.containers'],
      ...extra,
    });

  it('goes planned -> active -> closed -> archived; any other move is a 409 problem', async () => {
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'planned', coordinatorMember: 'WCO', participants: ['DE', 'FR'], version: 1 });
    const id = created.body.id as string;
    const move = (state: string) => t.call(COORD, 'POST', `/operations/${id}/transitions`, { state });

    const skip = await move('closed');
    expect(skip.status).toBe(409);
    expect(skip.headers['content-type']).toContain('application/problem+json');
    expect(skip.body).toMatchObject({ code: 'illegal_operation_transition', from: 'planned', to: 'closed' });
    expect((await move('active')).body.state).toBe('active');
    expect((await move('active')).status).toBe(409);
    expect((await move('closed')).body.state).toBe('closed');
    expect((await move('planned')).status).toBe(409);
    expect((await move('archived')).body).toMatchObject({ state: 'archived', version: 4 });
    expect((await move('active')).status).toBe(409);
    expect((await t.call(COORD, 'POST', `/operations/${id}/participants`, { member: 'KE' })).status).toBe(409);

    const events = await collector.waitFor((e) => e.filter((x) => x.event.subject === id).length >= 4);
    const mine = events.filter((x) => x.event.subject === id && x.event.type === OperationChangedEvent.type);
    expect(mine.map((x) => (x.event.data as { status: string }).status)).toEqual(['planned', 'active', 'closed', 'archived']);
    expect(mine.map((x) => (x.event.data as { version: number }).version)).toEqual([1, 2, 3, 4]);
  });

  it('only the coordinator changes an operation; only participants and the coordinator see it', async () => {
    const id = (await create()).body.id as string;
    expect((await t.call(FR, 'POST', `/operations/${id}/transitions`, { state: 'active' })).status).toBe(403);
    expect((await t.call(OTHER_COORD, 'POST', `/operations/${id}/transitions`, { state: 'active' })).status).toBe(404);
    expect((await t.call(FR, 'POST', '/operations', { name: 'x' })).status).toBe(403);

    const admitted = await t.call(COORD, 'POST', `/operations/${id}/participants`, { member: 'KE' });
    expect(admitted.body.participants).toEqual(['DE', 'FR', 'KE']);
    const removed = await t.call(COORD, 'DELETE', `/operations/${id}/participants/DE`);
    expect(removed.body.participants).toEqual(['FR', 'KE']);
    expect((await t.call(COORD, 'POST', `/operations/${id}/participants`, { member: 'XX' })).status).toBe(400);

    expect((await t.call(FR, 'GET', `/operations/${id}`)).status).toBe(200);
    expect((await t.call(DE, 'GET', `/operations/${id}`)).status).toBe(404);
    expect((await t.call(BR, 'GET', `/operations/${id}`)).status).toBe(404);
    expect((await t.call(FR, 'GET', '/operations')).body.map((o: { id: string }) => o.id)).toContain(id);
    expect((await t.call(BR, 'GET', '/operations')).body.map((o: { id: string }) => o.id)).not.toContain(id);
    expect((await t.call(COORD, 'GET', '/operations')).body.map((o: { id: string }) => o.id)).toContain(id);
  });

  it('reports attach only by participants, only while active, and must fill the template', async () => {
    const id = (await create()).body.id as string;
    const before = await t.count('report');
    const attached = (over: Record<string, unknown> = {}) =>
      seizureReport({ operationId: id, distribution: { level: 'operation_participants' }, ...over });

    const planned = await t.call(FR, 'POST', '/reports', attached());
    expect(planned.status).toBe(422);
    expect(planned.body.code).toBe('operation_not_active');
    await t.call(COORD, 'POST', `/operations/${id}/transitions`, { state: 'active' });

    const outsider = await t.call(BR, 'POST', '/reports', attached());
    expect(outsider.status).toBe(400);
    expect(outsider.body.errors).toEqual([{ field: 'operationId', reason: 'is not an operation your Member takes part in' }]);

    const incomplete = await t.call(
      FR,
      'POST',
      '/reports',
      attached({
        goods: [
          { commodityCategory: 'drugs', description: 'Powder' },
          { commodityCategory: 'drugs', description: 'Pills', hsCode: '300490' },
        ],
        conveyance: undefined,
      }),
    );
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.code).toBe('operation_template_not_met');
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual(['goods.0.hsCode', 'conveyance.containers']);
    expect(await t.count('report')).toBe(before);

    const ok = await t.call(FR, 'POST', '/reports', attached());
    expect(ok.status).toBe(201);
    expect((await t.call(DE, 'GET', `/reports/${ok.body.id}`)).status).toBe(200);
    expect((await t.call(COORD, 'GET', `/reports/${ok.body.id}`)).status).toBe(200);

    await t.call(COORD, 'POST', `/operations/${id}/transitions`, { state: 'closed' });
    expect((await t.call(DE, 'POST', '/reports', attached())).status).toBe(422);
    // Archiving ends the sharing of the operation's exchange.
    await t.call(COORD, 'POST', `/operations/${id}/transitions`, { state: 'archived' });
    expect((await t.call(DE, 'GET', `/reports/${ok.body.id}`)).status).toBe(404);
    expect((await t.call(FR, 'GET', `/reports/${ok.body.id}`)).status).toBe(200);
  });

  it('refuses an operation that ends before it starts', async () => {
    const res = await create({ startsOn: '2026-05-01', endsOn: '2026-04-30' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'endsOn', reason: 'must not be before startsOn' }]);
  });

  it('refuses a malformed operation naming each field', async () => {
    const res = await t.call(COORD, 'POST', '/operations', {
      name: 'x',
      commodityFocus: ['spices'],
      startsOn: '2026-13-01',
      endsOn: 'soon',
      participants: ['FR', 'ZZ'],
      requiredFields: ['conveyance.colour'],
      extra: true,
    });
    expect(res.status).toBe(400);
    expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['name', 'commodityFocus', 'startsOn', 'endsOn', 'participants', 'requiredFields', 'extra']),
    );
  });
});
