import { FundingPostedEvent, FundingReservedEvent, Topics } from '@wco/contracts';
import { standardsPath } from '@wco/testing';
import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import ICAL from 'ical.js';
import { analyst, AssistanceTestApp, coordinator, expertUser, startAssistanceApp } from '../testing/assistance-test-app';
import { ALL_CRITERIA, BudgetSide, drive, eventually, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';

jest.setTimeout(120_000);

const FR = analyst('FR');
const KE = analyst('KE');

async function validateIati(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const file = (name: string) => ({ fileName: name, contents: readFileSync(standardsPath('iati-2.03', name), 'utf8') });
  const result = await validateXML({
    xml: [{ fileName: 'activities.xml', contents: xml }],
    schema: [file('iati-activities-schema.xsd')],
    preload: [file('iati-common.xsd'), file('xml.xsd')],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/** The feed read by ical.js (a maintained RFC 5545 parser): the calendar's properties and each event's. */
function parseICalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return {
      uid: e.uid,
      start: e.startDate.toString(),
      startIsDate: e.startDate.isDate,
      end: e.endDate.toString(),
      summary: e.summary,
      location: e.location,
      status: String(c.getFirstPropertyValue('status')),
    };
  });
  return {
    version: String(calendar.getFirstPropertyValue('version')),
    method: String(calendar.getFirstPropertyValue('method')),
    events,
  };
}

describe("assistance exports: IATI 2.03 activities and the experts' iCalendar feeds", () => {
  let t: AssistanceTestApp;
  let budget: BudgetSide;
  let missionId: string;
  let cancelledId: string;
  let expertId: string;
  let requestId: string;
  let pipelineId: string;
  let draftId: string;
  let laterId: string;
  let scheduledRequestId: string;
  let scheduledId: string;
  let keRequestId: string;
  let keMissionId: string;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_exports', { kafka: true });
    budget = new BudgetSide(t.topics[Topics.BudgetFunding]);
    await budget.start();
    expertId = (
      await t.call(coordinator(), 'POST', '/experts', {
        subject: 'cal-expert',
        member: 'KE',
        fullName: 'Wanjiru K.',
        email: 'w@experts.example',
        languages: ['fr'],
        thematicAreas: ['risk_management'],
        accreditation: { programme: 'Mercator', on: '2024-01-01', until: '2030-01-01' },
      })
    ).body.id as string;
    requestId = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
    // An approved request still planning its missions (IATI pipeline), and a draft (not an activity yet).
    pipelineId = (await t.call(FR, 'POST', '/requests', requestBody({ title: 'Integrity workshop', thematicArea: 'integrity' }))).body
      .id as string;
    await drive(t, pipelineId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
    draftId = (await t.call(FR, 'POST', '/requests', requestBody({ title: 'Not yet submitted' }))).body.id as string;
    missionId = (
      await t.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody({ title: 'Risk diagnostic, Paris; week 1' }))
    ).body.id as string;
    cancelledId = (
      await t.call(
        coordinator(),
        'POST',
        `/requests/${requestId}/missions`,
        missionBody({ title: 'Follow-up', startDate: '2027-05-03', endDate: '2027-05-04' }),
      )
    ).body.id as string;
    laterId = (
      await t.call(
        coordinator(),
        'POST',
        `/requests/${pipelineId}/missions`,
        missionBody({
          title: 'Integrity workshop, Lyon',
          location: 'Lyon',
          startDate: '2027-09-13',
          endDate: '2027-09-15',
          thematicArea: 'risk_management',
        }),
      )
    ).body.id as string;
    for (const id of [missionId, cancelledId, laterId])
      expect((await t.call(coordinator(), 'POST', `/missions/${id}/experts`, { expertId })).status).toBe(200);
    await t.call(coordinator(), 'POST', `/missions/${cancelledId}/cancellation`, {});
    await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    await budget.send(FundingReservedEvent.type, { missionId });
    await eventually(
      async () => (await t.call(coordinator(), 'GET', `/missions/${missionId}`)).body.fundingStatus,
      (s) => s === 'funded',
      'funded',
    );
    await drive(t, requestId, [{ to: 'scheduled' }, { to: 'in_delivery' }], FR);
    await t.call(coordinator(), 'POST', `/missions/${missionId}/delivery`, { actualCents: 498_050, findings: 'done', recommendations: [] });
    await budget.send(FundingPostedEvent.type, { missionId });
    await eventually(
      async () => (await t.call(coordinator(), 'GET', `/missions/${missionId}`)).body.fundingStatus,
      (s) => s === 'posted',
      'posted',
    );
    await drive(t, requestId, [{ to: 'delivered' }, { to: 'evaluation' }], FR);
    const score = { rating: 3, comment: 'ok' };
    const evaluated = await t.call(coordinator(), 'PUT', `/requests/${requestId}/evaluation`, {
      criteria: { relevance: score, coherence: score, effectiveness: score, efficiency: score, impact: score, sustainability: score },
      satisfaction: 4,
      followUpNeeded: false,
      indicators: [
        {
          name: 'Physical inspection rate',
          baseline: '42%',
          baselineDate: '2026-12-31',
          target: '20%',
          targetDate: '2028-12-31',
          actual: '35%',
          actualDate: '2027-06-30',
        },
        {
          name: 'Share of declarations physically inspected',
          measure: 'percentage',
          ascending: false,
          baseline: '42',
          baselineDate: '2026-12-31',
          target: '20',
          targetDate: '2028-12-31',
          periods: [
            { start: '2027-01-01', end: '2027-12-31', target: '30', actual: '35.5' },
            { start: '2028-01-01', end: '2028-12-31', target: '20' },
          ],
        },
      ],
    });
    expect(evaluated.status).toBe(200);
    await drive(t, requestId, [{ to: 'closed' }], FR);
    // A request whose mission is funded and scheduled (not started), and another Member's request with a planned mission.
    scheduledRequestId = (await t.call(FR, 'POST', '/requests', requestBody({ title: 'AEO programme' }))).body.id as string;
    await drive(t, scheduledRequestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
    scheduledId = (
      await t.call(
        coordinator(),
        'POST',
        `/requests/${scheduledRequestId}/missions`,
        missionBody({ title: 'AEO validation', startDate: '2027-10-04', endDate: '2027-10-08' }),
      )
    ).body.id as string;
    await t.call(coordinator(), 'POST', `/missions/${scheduledId}/funding-request`, {});
    await budget.send(FundingReservedEvent.type, { missionId: scheduledId });
    await eventually(
      async () => (await t.call(coordinator(), 'GET', `/missions/${scheduledId}`)).body.fundingStatus,
      (s) => s === 'funded',
      'funded',
    );
    await drive(t, scheduledRequestId, [{ to: 'scheduled' }], FR);
    keRequestId = (await t.call(KE, 'POST', '/requests', requestBody({ title: 'Kenyan request' }))).body.id as string;
    await drive(t, keRequestId, [...TO_APPROVED, { to: 'mission_planning' }], KE);
    keMissionId = (await t.call(coordinator(), 'POST', `/requests/${keRequestId}/missions`, missionBody({ title: 'Nairobi mission' }))).body
      .id as string;
  });
  afterAll(async () => {
    await budget?.stop();
    await t?.close();
  });

  it("exports requests and their missions, planned to delivered, as IATI 2.03 activities that the IATI XSD accepts, with the saga's transactions", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/exports/iati-activities.xml',
      headers: { authorization: `Bearer ${await t.token(coordinator())}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    expect(await validateIati(res.body)).toEqual({ valid: true, errors: [] });
    const doc = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      parseAttributeValue: false,
      attributeNamePrefix: '@',
      isArray: (name) => ['iati-activity', 'transaction', 'activity-date', 'participating-org', 'period'].includes(name),
    }).parse(res.body);
    const activities: any[] = doc['iati-activities']['iati-activity'];
    const byId = new Map(activities.map((a) => [a['iati-identifier'], a]));
    // The approved requests (parents) and their missions that are not cancelled (children); not the draft.
    expect([...byId.keys()].sort()).toEqual(
      [
        `XI-IATI-WCO-${missionId}`,
        `XI-IATI-WCO-${laterId}`,
        `XI-IATI-WCO-${scheduledId}`,
        `XI-IATI-WCO-${keMissionId}`,
        `XI-IATI-WCO-REQ-${requestId}`,
        `XI-IATI-WCO-REQ-${pipelineId}`,
        `XI-IATI-WCO-REQ-${scheduledRequestId}`,
        `XI-IATI-WCO-REQ-${keRequestId}`,
      ].sort(),
    );
    expect(res.body).not.toContain(draftId);
    expect(res.body).not.toContain(cancelledId);

    const a = byId.get(`XI-IATI-WCO-${missionId}`);
    expect(a['@hierarchy']).toBe('2');
    expect(a['activity-status']['@code']).toBe('4');
    expect(a['related-activity']).toEqual({ '@ref': `XI-IATI-WCO-REQ-${requestId}`, '@type': '1' });
    expect(a['recipient-country']['@code']).toBe('FR');
    expect(a.budget.value['#text']).toBe('5700.00');
    expect(a.transaction.map((x: any) => [x['transaction-type']['@code'], String(x.value['#text'])])).toEqual([
      ['2', '5700.00'],
      ['4', '4980.50'],
    ]);
    expect(a.result).toBeUndefined();

    const parent = byId.get(`XI-IATI-WCO-REQ-${requestId}`);
    expect(parent['@hierarchy']).toBe('1');
    expect(parent['activity-status']['@code']).toBe('4');
    expect(parent['related-activity']).toEqual({ '@ref': `XI-IATI-WCO-${missionId}`, '@type': '2' });
    // Planned and actual dates: the request's period, the delivered mission's dates.
    expect(parent['activity-date'].map((d: any) => [d['@type'], d['@iso-date']])).toEqual([
      ['1', '2027-03-01'],
      ['3', '2027-03-31'],
      ['2', '2027-03-08'],
      ['4', '2027-03-12'],
    ]);
    const [qualitative, numeric] = parent.result.indicator;
    expect(qualitative['@measure']).toBe('5');
    expect(qualitative.title.narrative).toBe('Physical inspection rate');
    expect(qualitative.period[0].actual.comment.narrative).toBe('35% (measured 2027-06-30)');
    // A percentage indicator: values as @value, one period per reporting period, lower is better.
    expect(numeric).toMatchObject({ '@measure': '2', '@ascending': '0' });
    expect(numeric.baseline).toMatchObject({ '@value': '42', '@year': '2026', '@iso-date': '2026-12-31' });
    expect(
      numeric.period.map((p: any) => [
        p['period-start']['@iso-date'],
        p['period-end']['@iso-date'],
        p.target['@value'],
        p.actual?.['@value'],
      ]),
    ).toEqual([
      ['2027-01-01', '2027-12-31', '30', '35.5'],
      ['2028-01-01', '2028-12-31', '20', undefined],
    ]);

    // The pipeline: approved, its mission planned but not delivered; its budget is that mission's estimate.
    const pipeline = byId.get(`XI-IATI-WCO-REQ-${pipelineId}`);
    expect(pipeline['activity-status']['@code']).toBe('1');
    expect(pipeline.sector['@code']).toBe('15110'); // the request's area (integrity, SP8)
    expect(pipeline.budget.value['#text']).toBe('5700.00');
    expect(pipeline['related-activity']).toEqual({ '@ref': `XI-IATI-WCO-${laterId}`, '@type': '2' });
    expect(pipeline.transaction).toBeUndefined();

    // Missions before delivery: planned = 1 pipeline, scheduled = 2 implementation; planned dates only (1 start,
    // 3 end), their estimate as budget, a commitment once funded.
    const dates = (x: any) => x['activity-date'].map((d: any) => [d['@type'], d['@iso-date']]);
    const planned = byId.get(`XI-IATI-WCO-${laterId}`);
    expect(planned).toMatchObject({ '@hierarchy': '2', 'activity-status': { '@code': '1' } });
    expect(dates(planned)).toEqual([
      ['1', '2027-09-13'],
      ['3', '2027-09-15'],
    ]);
    expect(planned['related-activity']).toEqual({ '@ref': `XI-IATI-WCO-REQ-${pipelineId}`, '@type': '1' });
    expect(planned.budget.value['#text']).toBe('5700.00');
    expect(planned.transaction).toBeUndefined();
    const scheduled = byId.get(`XI-IATI-WCO-${scheduledId}`);
    expect(scheduled['activity-status']['@code']).toBe('2');
    expect(dates(scheduled)).toEqual([
      ['1', '2027-10-04'],
      ['3', '2027-10-08'],
    ]);
    expect(scheduled.transaction.map((x: any) => x['transaction-type']['@code'])).toEqual(['2']);
    expect(byId.get(`XI-IATI-WCO-REQ-${scheduledRequestId}`)['activity-status']['@code']).toBe('2');
    expect(res.body).not.toContain('Camille');
  });

  it('refuses a numeric indicator whose values are not numbers, naming each field, and records nothing', async () => {
    const before = JSON.stringify(await t.dataSource.query(`SELECT indicators FROM evaluation WHERE request_id = $1`, [requestId]));
    const bad = await t.call(coordinator(), 'PUT', `/requests/${requestId}/evaluation`, {
      criteria: ALL_CRITERIA,
      satisfaction: 4,
      followUpNeeded: false,
      indicators: [
        {
          name: 'Release time (hours)',
          measure: 'unit',
          baseline: 'about 40',
          baselineDate: '2026-12-31',
          target: '24',
          targetDate: '2028-12-31',
          periods: [{ start: '2027-12-31', end: '2027-01-01', target: 'less', actual: '30' }],
        },
        { name: 'Odd measure', measure: 'ratio', baseline: '1', baselineDate: '2026-12-31', target: '2', targetDate: '2028-12-31' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['indicators.1.measure']);
    const notNumbers = await t.call(coordinator(), 'PUT', `/requests/${requestId}/evaluation`, {
      criteria: ALL_CRITERIA,
      satisfaction: 4,
      followUpNeeded: false,
      indicators: [
        {
          name: 'Release time (hours)',
          measure: 'unit',
          baseline: 'about 40',
          baselineDate: '2026-12-31',
          target: '24',
          targetDate: '2028-12-31',
          periods: [{ start: '2027-12-31', end: '2027-01-01', target: 'less', actual: '30' }],
        },
      ],
    });
    expect(notNumbers.status).toBe(400);
    expect(notNumbers.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'indicators.0.baseline',
      'indicators.0.periods.0.end',
      'indicators.0.periods.0.target',
    ]);
    expect(JSON.stringify(await t.dataSource.query(`SELECT indicators FROM evaluation WHERE request_id = $1`, [requestId]))).toBe(before);
  });

  it('proves the validator can fail: a document without the required reporting-org is refused', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/exports/iati-activities.xml',
      headers: { authorization: `Bearer ${await t.token(coordinator())}` },
    });
    const broken = res.body.replace(/<reporting-org[\s\S]*?<\/reporting-org>/, '');
    expect((await validateIati(broken)).valid).toBe(false);
  });

  it('gives another Member and an expert the same 404 no_activities as anyone with nothing to export', async () => {
    const answers = [];
    for (const other of [analyst('DE'), expertUser('cal-expert', 'KE'), analyst('ZZ')]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/exports/iati-activities.xml',
        headers: { authorization: `Bearer ${await t.token(other)}` },
      });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(missionId);
      answers.push(res.json().code);
    }
    expect(answers).toEqual(['no_activities', 'no_activities', 'no_activities']);
    const own = await t.app.inject({
      method: 'GET',
      url: '/exports/iati-activities.xml',
      headers: { authorization: `Bearer ${await t.token(FR)}` },
    });
    expect(own.body).toContain(missionId);
    // A Member's export holds its own missions, planned ones included, and no other Member's.
    expect(own.body).toContain(laterId);
    expect(own.body).not.toContain(keMissionId);
    expect(own.body).not.toContain(keRequestId);
    const ke = await t.app.inject({
      method: 'GET',
      url: '/exports/iati-activities.xml',
      headers: { authorization: `Bearer ${await t.token(KE)}` },
    });
    expect(ke.statusCode).toBe(200);
    expect(await validateIati(ke.body)).toEqual({ valid: true, errors: [] });
    expect(ke.body).toContain(`XI-IATI-WCO-${keMissionId}`);
    for (const id of [missionId, laterId, scheduledId, requestId, pipelineId, scheduledRequestId]) expect(ke.body).not.toContain(id);
  });

  it("serves an expert's missions as iCalendar at a secret URL, and stops serving it once revoked or replaced", async () => {
    const me = expertUser('cal-expert', 'KE');
    const issued = await t.call(me, 'POST', '/experts/me/calendar-feed');
    expect(issued.status).toBe(200);
    const path = issued.body.path as string;
    const feed = await t.app.inject({ method: 'GET', url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const calendar = parseICalendar(feed.body);
    expect(calendar).toMatchObject({ version: '2.0', method: 'PUBLISH' });
    // Every mission assigned to the expert, each with its UID, all-day dates (DTEND exclusive), summary and location.
    const assigned = (await t.call(me, 'GET', '/missions')).body.items as any[];
    expect(assigned.length).toBeGreaterThanOrEqual(3);
    const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(calendar.events.sort((x, y) => x.uid.localeCompare(y.uid))).toEqual(
      assigned
        .map((m) => ({
          uid: `${m.id}@assistance.wcoomd.org`,
          start: m.startDate,
          startIsDate: true,
          end: dayAfter(m.endDate),
          summary: m.title,
          location: m.location,
          status: m.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        }))
        .sort((x, y) => x.uid.localeCompare(y.uid)),
    );
    // The title's comma and semicolon are escaped on the wire and read back as written.
    expect(feed.body).toContain('SUMMARY:Risk diagnostic\\, Paris\\; week 1');
    expect(calendar.events.find((e) => e.uid.startsWith(missionId))).toMatchObject({
      start: '2027-03-08',
      end: '2027-03-13',
      summary: 'Risk diagnostic, Paris; week 1',
      status: 'CONFIRMED',
    });
    expect(calendar.events.find((e) => e.uid.startsWith(cancelledId))).toMatchObject({ status: 'CANCELLED' });
    expect(feed.body).not.toContain('Wanjiru');

    const replaced = (await t.call(me, 'POST', '/experts/me/calendar-feed')).body.path as string;
    expect(replaced).not.toBe(path);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: replaced })).statusCode).toBe(200);
    expect((await t.call(me, 'DELETE', '/experts/me/calendar-feed')).status).toBe(204);
    const revoked = await t.app.inject({ method: 'GET', url: replaced });
    expect(revoked.statusCode).toBe(404);
    expect(revoked.json().code).toBe('calendar_feed_not_found');
    expect((await t.app.inject({ method: 'GET', url: '/calendar/not-a-token' })).statusCode).toBe(404);
    // A token is for a roster expert only.
    expect((await t.call(expertUser('nobody', 'KE'), 'POST', '/experts/me/calendar-feed')).status).toBe(404);
  });
});
