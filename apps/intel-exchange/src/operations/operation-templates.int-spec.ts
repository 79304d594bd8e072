import { OperationChangedEvent } from '@wco/contracts';
import { analyst, coordinator, EventCollector, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

const COORD = coordinator();
const OTHER_COORD = coordinator('KE');
const FR = analyst('FR');

describe('operations: templates kept per organisation, and the report template of a running operation', () => {
  let t: IntelTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startIntelApp('intel_operation_templates', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics['intel.operation.v1']]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  const template = (extra: Record<string, unknown> = {}) => ({
    name: 'Container cocaine, Atlantic ports',
    description: '  Yearly joint action on reefer containers  ',
    commodityFocus: ['drugs'],
    participants: ['FR', 'BE', 'DE'],
    requiredFields: ['goods.hsCode', 'conveyance.containers'],
    ...extra,
  });

  it("keeps a coordinator's templates for its organisation only; other organisations get 404, analysts 403", async () => {
    const created = await t.call(COORD, 'POST', '/operation-templates', template());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Container cocaine, Atlantic ports',
      description: 'Yearly joint action on reefer containers',
      participants: ['BE', 'DE', 'FR'],
      requiredFields: ['goods.hsCode', 'conveyance.containers'],
      member: 'WCO',
      version: 1,
    });
    const id = created.body.id as string;
    expect((await t.call(COORD, 'GET', '/operation-templates')).body.map((x: { id: string }) => x.id)).toContain(id);
    expect((await t.call(COORD, 'GET', `/operation-templates/${id}`)).body.id).toBe(id);

    expect((await t.call(OTHER_COORD, 'GET', '/operation-templates')).body.map((x: { id: string }) => x.id)).not.toContain(id);
    for (const [method, url, body] of [
      ['GET', `/operation-templates/${id}`, undefined],
      ['PUT', `/operation-templates/${id}`, { ...template(), version: 1 }],
      ['DELETE', `/operation-templates/${id}`, undefined],
      ['POST', `/operation-templates/${id}/operations`, { name: 'Borrowed', startsOn: '2026-05-01', endsOn: '2026-05-31' }],
    ] as const) {
      const res = await t.call(OTHER_COORD, method, url, body);
      expect([method, url, res.status, res.body.code]).toEqual([method, url, 404, 'operation_template_not_found']);
    }
    const unknown = await t.call(COORD, 'GET', '/operation-templates/0b6f6a5e-2f4d-4c7e-9a43-52d1f2b7c001');
    expect(unknown.body.code).toBe('operation_template_not_found');
    expect((await t.call(FR, 'GET', '/operation-templates')).status).toBe(403);
    expect((await t.call(FR, 'POST', '/operation-templates', template({ name: 'By an analyst' }))).status).toBe(403);
    // Still there for its owner.
    expect((await t.call(COORD, 'GET', `/operation-templates/${id}`)).status).toBe(200);
  });

  it('refuses a malformed template naming each field, and a name its organisation already uses', async () => {
    const bad = await t.call(COORD, 'POST', '/operation-templates', {
      name: 'x',
      commodityFocus: [],
      participants: ['FR', 'ZZ'],
      requiredFields: ['conveyance.colour'],
      description: 'd'.repeat(1001),
      startsOn: '2026-01-01',
    });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['name', 'commodityFocus', 'participants', 'requiredFields', 'description', 'startsOn']),
    );
    await t.call(COORD, 'POST', '/operation-templates', template({ name: 'Tobacco, Baltic' }));
    const taken = await t.call(COORD, 'POST', '/operation-templates', template({ name: 'TOBACCO, baltic' }));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'operation_template_name_taken', errors: [{ field: 'name' }] });
    // Another organisation may use the same name.
    expect((await t.call(OTHER_COORD, 'POST', '/operation-templates', template({ name: 'Tobacco, Baltic' }))).status).toBe(201);
  });

  it('edits at the version read (a stale edit is 409), creates operations from it, and deletes it', async () => {
    const id = (await t.call(COORD, 'POST', '/operation-templates', template({ name: 'Wildlife, East Africa' }))).body.id as string;
    const operation = await t.call(COORD, 'POST', `/operation-templates/${id}/operations`, {
      name: 'Operation Thunder 2026',
      startsOn: '2026-06-01',
      endsOn: '2026-06-30',
    });
    expect(operation.status).toBe(201);
    expect(operation.body).toMatchObject({
      name: 'Operation Thunder 2026',
      state: 'planned',
      coordinatorMember: 'WCO',
      commodityFocus: ['drugs'],
      participants: ['BE', 'DE', 'FR'],
      requiredFields: ['goods.hsCode', 'conveyance.containers'],
    });

    const edited = await t.call(COORD, 'PUT', `/operation-templates/${id}`, {
      ...template({ name: 'Wildlife, East Africa', commodityFocus: ['wildlife_cites'], participants: ['KE', 'TZ'], requiredFields: [] }),
      version: 1,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, commodityFocus: ['wildlife_cites'], participants: ['KE', 'TZ'], requiredFields: [] });
    const stale = await t.call(COORD, 'PUT', `/operation-templates/${id}`, { ...template({ name: 'Wildlife, East Africa' }), version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'operation_template_version_conflict', currentVersion: 2 });
    expect((await t.call(COORD, 'GET', `/operation-templates/${id}`)).body.participants).toEqual(['KE', 'TZ']);
    // The operation created earlier keeps what it was created with.
    expect((await t.call(COORD, 'GET', `/operations/${operation.body.id}`)).body.participants).toEqual(['BE', 'DE', 'FR']);
    const second = await t.call(COORD, 'POST', `/operation-templates/${id}/operations`, {
      name: 'Operation Thunder 2027',
      startsOn: '2027-06-01',
      endsOn: '2027-05-30',
    });
    expect(second.status).toBe(400);
    expect(second.body.errors).toEqual([{ field: 'endsOn', reason: 'must not be before startsOn' }]);

    expect((await t.call(COORD, 'DELETE', `/operation-templates/${id}`)).body).toMatchObject({ id, version: 2 });
    expect((await t.call(COORD, 'GET', `/operation-templates/${id}`)).status).toBe(404);
    expect((await t.call(COORD, 'DELETE', `/operation-templates/${id}`)).status).toBe(404);
    expect((await t.call(COORD, 'GET', `/operations/${operation.body.id}`)).status).toBe(200);
  });

  it("changes a running operation's report template: new reports must fill it, the change is an event, a closed one refuses", async () => {
    const id = (
      await t.call(COORD, 'POST', '/operations', {
        name: 'Operation Gulf Stream',
        commodityFocus: ['drugs'],
        startsOn: '2026-03-01',
        endsOn: '2026-04-30',
        participants: ['FR'],
        requiredFields: [],
      })
    ).body.id as string;
    await t.call(COORD, 'POST', `/operations/${id}/transitions`, { state: 'active' });
    const attached = (over: Record<string, unknown> = {}) =>
      seizureReport({ operationId: id, distribution: { level: 'operation_participants' }, ...over });
    expect((await t.call(FR, 'POST', '/reports', attached({ route: undefined }))).status).toBe(201);

    const changed = await t.call(COORD, 'PUT', `/operations/${id}/report-template`, { requiredFields: ['route.origin'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ requiredFields: ['route.origin'], version: 3 });
    const again = await t.call(COORD, 'PUT', `/operations/${id}/report-template`, { requiredFields: ['route.origin'] });
    expect(again.body.version).toBe(3);

    const missing = await t.call(FR, 'POST', '/reports', attached({ route: undefined }));
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('operation_template_not_met');
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['route.origin']);

    expect((await t.call(FR, 'PUT', `/operations/${id}/report-template`, { requiredFields: [] })).status).toBe(403);
    expect((await t.call(OTHER_COORD, 'PUT', `/operations/${id}/report-template`, { requiredFields: [] })).status).toBe(404);
    const invalid = await t.call(COORD, 'PUT', `/operations/${id}/report-template`, { requiredFields: ['conveyance.colour'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].field).toBe('requiredFields');

    const events = await collector.waitFor((e) => e.filter((x) => x.event.subject === id).length >= 3);
    const mine = events.filter((x) => x.event.subject === id && x.event.type === OperationChangedEvent.type);
    expect(mine.map((x) => [(x.event.data as { change: string }).change, (x.event.data as { version: number }).version])).toEqual([
      ['created', 1],
      ['updated', 2],
      ['updated', 3],
    ]);

    await t.call(COORD, 'POST', `/operations/${id}/transitions`, { state: 'closed' });
    const frozen = await t.call(COORD, 'PUT', `/operations/${id}/report-template`, { requiredFields: [] });
    expect(frozen.status).toBe(409);
    expect(frozen.body.code).toBe('operation_frozen');
  });
});
