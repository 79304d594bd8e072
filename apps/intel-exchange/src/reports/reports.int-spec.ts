import { analyst, containerNumber, IntelTestApp, startIntelApp } from '../testing/intel-test-app';
import { seizureReport } from '../testing/report-bodies';

jest.setTimeout(60_000);

function wrongCheckDigit(container: string): string {
  const digit = Number(container.slice(-1));
  return `${container.slice(0, -1)}${(digit + 1) % 10}`;
}

const FR = analyst('FR');
const DE = analyst('DE');
const KE = analyst('KE');
const BR = analyst('BR');

describe('reports: submit, versions, personal data, corrections, validation, idempotency', () => {
  let t: IntelTestApp;

  beforeAll(async () => {
    t = await startIntelApp('intel_reports');
  });
  afterAll(async () => {
    await t?.close();
  });

  const withPersonalData = () =>
    seizureReport({
      tlp: 'AMBER',
      distribution: { level: 'named_members', members: ['DE', 'KE'] },
      persons: [{ role: 'driver', nationality: 'NL', ageBand: '35_44' }],
      personalData: { persons: [{ personIndex: 0, familyName: 'Jansen', givenNames: 'Pieter', dateOfBirth: '1985-06-01' }] },
      personalDataReleasedTo: ['DE'],
    });

  it('stores a submission as version 1 and keeps personal data apart, shown only to Members it was released to', async () => {
    const created = await t.call(FR, 'POST', '/reports', withPersonalData());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, currentVersion: 1, originatorMember: 'FR', personalDataReleasedTo: ['DE'] });
    const id = created.body.id as string;
    expect(created.headers['location']).toBe(`/reports/${id}`);

    const stored: { content: unknown }[] = await t.dataSource.query('SELECT content FROM report_version WHERE report_id = $1', [id]);
    expect(JSON.stringify(stored[0].content)).not.toContain('Jansen');
    const personal: { personal_data: { persons: { familyName: string }[] } }[] = await t.dataSource.query(
      'SELECT personal_data FROM restricted.report_personal_data WHERE report_id = $1',
      [id],
    );
    expect(personal[0].personal_data.persons[0].familyName).toBe('Jansen');

    const asDe = await t.call(DE, 'GET', `/reports/${id}`);
    expect(asDe.status).toBe(200);
    expect(asDe.body.personalData.persons[0].familyName).toBe('Jansen');
    expect(asDe.body.personalDataReleasedTo).toBeUndefined();
    expect(asDe.body.submittedBy).toBeUndefined();

    const asKe = await t.call(KE, 'GET', `/reports/${id}`);
    expect(asKe.status).toBe(200);
    expect(asKe.body.personalData).toBeUndefined();
    expect(asKe.body.persons).toEqual([{ role: 'driver', nationality: 'NL', ageBand: '35_44' }]);

    const asBr = await t.call(BR, 'GET', `/reports/${id}`);
    expect(asBr.status).toBe(404);
    expect(asBr.headers['content-type']).toContain('application/problem+json');
    expect(asBr.body.code).toBe('report_not_found');
  });

  it('an edit by the originator creates version n+1; older versions stay readable; others cannot edit', async () => {
    const created = await t.call(FR, 'POST', '/reports', withPersonalData());
    const id = created.body.id as string;
    const revised = await t.call(FR, 'POST', `/reports/${id}/versions`, { ...withPersonalData(), detection: { code: 'sniffer_dog' } });
    expect(revised.status).toBe(201);
    expect(revised.body).toMatchObject({ id, version: 2, currentVersion: 2, detection: { code: 'sniffer_dog' } });

    expect((await t.call(FR, 'GET', `/reports/${id}`)).body).toMatchObject({ version: 2, detection: { code: 'sniffer_dog' } });
    const v1 = await t.call(DE, 'GET', `/reports/${id}/versions/1`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, currentVersion: 2, detection: { code: 'x_ray' } });
    expect((await t.call(DE, 'GET', `/reports/${id}/versions/3`)).status).toBe(404);
    const versions = await t.call(FR, 'GET', `/reports/${id}/versions`);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions.body[0].submittedBy).toBe(FR.subject);

    const projection: { detection: string; current_version: number }[] = await t.dataSource.query(
      'SELECT detection, current_version FROM report WHERE id = $1',
      [id],
    );
    expect(projection[0]).toEqual({ detection: 'sniffer_dog', current_version: 2 });

    expect((await t.call(DE, 'POST', `/reports/${id}/versions`, withPersonalData())).status).toBe(403);
    expect((await t.call(BR, 'POST', `/reports/${id}/versions`, withPersonalData())).status).toBe(404);
    expect(await t.dataSource.query('SELECT version FROM report_version WHERE report_id = $1 ORDER BY 1', [id])).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
  });

  it('others propose corrections; the originator accepts (new version) or rejects them', async () => {
    const id = (await t.call(FR, 'POST', '/reports', withPersonalData())).body.id as string;
    const proposal = await t.call(DE, 'POST', `/reports/${id}/corrections`, {
      changes: { concealment: { code: 'false_compartment', details: 'double floor in the container' } },
      comment: 'Our scan shows a double floor',
    });
    expect(proposal.status).toBe(201);
    expect(proposal.body).toMatchObject({ status: 'proposed', baseVersion: 1, proposedByMember: 'DE' });

    const forbidden = await t.call(DE, 'POST', `/reports/${id}/corrections`, { changes: { tlp: 'CLEAR', goods: [] } });
    expect(forbidden.status).toBe(400);
    expect(forbidden.body.errors.map((e: { field: string }) => e.field)).toEqual(['changes.tlp']);
    const invalid = await t.call(KE, 'POST', `/reports/${id}/corrections`, { changes: { whenWhere: { country: 'XX' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['changes.whenWhere.country', 'changes.whenWhere.detectedAt']),
    );
    expect((await t.call(BR, 'POST', `/reports/${id}/corrections`, { changes: { detection: { code: 'x_ray' } } })).status).toBe(404);

    // DE sees its own proposal only; FR sees all of them.
    await t.call(KE, 'POST', `/reports/${id}/corrections`, { changes: { detection: { code: 'sniffer_dog' } } });
    expect((await t.call(DE, 'GET', `/reports/${id}/corrections`)).body).toHaveLength(1);
    expect((await t.call(FR, 'GET', `/reports/${id}/corrections`)).body).toHaveLength(2);

    expect((await t.call(DE, 'POST', `/reports/${id}/corrections/${proposal.body.id}/decision`, { decision: 'accept' })).status).toBe(403);
    const accepted = await t.call(FR, 'POST', `/reports/${id}/corrections/${proposal.body.id}/decision`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', resultingVersion: 2 });
    const current = await t.call(FR, 'GET', `/reports/${id}`);
    expect(current.body).toMatchObject({ version: 2, concealment: { code: 'false_compartment' } });
    // The accepted correction keeps the personal data of the version it corrected.
    expect(current.body.personalData.persons[0].familyName).toBe('Jansen');
    const again = await t.call(FR, 'POST', `/reports/${id}/corrections/${proposal.body.id}/decision`, { decision: 'reject' });
    expect(again.status).toBe(409);

    const keProposal = (await t.call(FR, 'GET', `/reports/${id}/corrections`)).body.find(
      (c: { proposedByMember: string }) => c.proposedByMember === 'KE',
    );
    const rejected = await t.call(FR, 'POST', `/reports/${id}/corrections/${keProposal.id}/decision`, {
      decision: 'reject',
      reason: 'Not confirmed',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'Not confirmed', resultingVersion: null });
    expect((await t.call(FR, 'GET', `/reports/${id}`)).body.version).toBe(2);
  });

  it('refuses invalid submissions with a problem naming every field, and stores nothing', async () => {
    const before = { reports: await t.count('report'), versions: await t.count('report_version'), outbox: await t.count('outbox') };
    const good = seizureReport();
    const bad = {
      ...good,
      whenWhere: { ...good.whenWhere, country: 'XX' },
      goods: [{ ...good.goods[0], quantity: { value: 3, unit: 'bottles' } }],
      conveyance: { transportMode: 'sea', containers: [{ number: wrongCheckDigit(containerNumber('ABC', 100001)) }] },
      smuggler: 'John Doe',
    };
    const res = await t.call(FR, 'POST', '/reports', bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('validation_failed');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['whenWhere.country', 'goods.0.quantity', 'conveyance.containers.0.number', 'smuggler']));
    const reasonOf = (field: string) => res.body.errors.find((e: { field: string }) => e.field === field).reason as string;
    expect(reasonOf('goods.0.quantity')).toMatch(/unit/);
    expect(reasonOf('conveyance.containers.0.number')).toMatch(/check digit/);
    expect(reasonOf('smuggler')).toMatch(/not an allowed field|should not exist/);
    for (const e of res.body.errors) expect(e.reason).toEqual(expect.any(String));

    const huge = { ...good, goods: [{ ...good.goods[0], description: 'x'.repeat(2_000_000) }] };
    const tooLarge = await t.call(FR, 'POST', '/reports', huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('payload_too_large');

    expect({ reports: await t.count('report'), versions: await t.count('report_version'), outbox: await t.count('outbox') }).toEqual(
      before,
    );
  });

  it('honours Idempotency-Key: a retry returns the first answer and stores one report', async () => {
    const before = await t.count('report');
    const body = seizureReport();
    const first = await t.call(FR, 'POST', '/reports', body, { 'idempotency-key': 'submit-42' });
    const retry = await t.call(FR, 'POST', '/reports', body, { 'idempotency-key': 'submit-42' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(await t.count('report')).toBe(before + 1);

    const reused = await t.call(FR, 'POST', '/reports', { ...body, type: 'alert' }, { 'idempotency-key': 'submit-42' });
    expect(reused.status).toBe(422);
    expect(await t.count('report')).toBe(before + 1);
  });

  it('only member analysts submit', async () => {
    const res = await t.call({ subject: 'aud', roles: ['auditor'] }, 'POST', '/reports', seizureReport());
    expect(res.status).toBe(403);
  });
});
