import { FundingPostedEvent, FundingReservedEvent, Topics } from '@wco/contracts';
import { standardsPath } from '@wco/testing';
import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { analyst, AssistanceTestApp, coordinator, expertUser, startAssistanceApp } from '../testing/assistance-test-app';
import { BudgetSide, drive, eventually, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';

jest.setTimeout(120_000);

const FR = analyst('FR');

async function validateIati(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const file = (name: string) => ({ fileName: name, contents: readFileSync(standardsPath('iati-2.03', name), 'utf8') });
  const result = await validateXML({
    xml: [{ fileName: 'activities.xml', contents: xml }],
    schema: [file('iati-activities-schema.xsd')],
    preload: [file('iati-common.xsd'), file('xml.xsd')],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/** RFC 5545 §3.1: unfold continuation lines, then read each VEVENT's properties (name without parameters -> value). */
function parseICalendar(text: string): { calendar: Record<string, string>; events: Record<string, string>[] } {
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l.length > 0);
  const calendar: Record<string, string> = {};
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  const stack: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).split(';')[0].toUpperCase();
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') current = {};
    } else if (name === 'END') {
      if (stack.pop() !== value) throw new Error(`END:${value} does not close its BEGIN`);
      if (value === 'VEVENT' && current) {
        events.push(current);
        current = null;
      }
    } else if (current) current[line.slice(0, colon).toUpperCase().startsWith('DTSTART') ? 'DTSTART' : name] = value;
    else if (stack.length === 1) calendar[name] = value;
  }
  if (stack.length !== 0) throw new Error('unterminated component');
  return { calendar, events };
}

describe("assistance exports: IATI 2.03 activities and the experts' iCalendar feeds", () => {
  let t: AssistanceTestApp;
  let budget: BudgetSide;
  let missionId: string;
  let cancelledId: string;
  let expertId: string;

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
    const requestId = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
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
    for (const id of [missionId, cancelledId])
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
      ],
    });
    expect(evaluated.status).toBe(200);
    await drive(t, requestId, [{ to: 'closed' }], FR);
  });
  afterAll(async () => {
    await budget?.stop();
    await t?.close();
  });

  it("exports delivered missions as IATI 2.03 activities that the IATI XSD accepts, with the saga's transactions", async () => {
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
      isArray: (name) => ['iati-activity', 'transaction', 'activity-date', 'participating-org'].includes(name),
    }).parse(res.body);
    const activities = doc['iati-activities']['iati-activity'];
    expect(activities).toHaveLength(1);
    const a = activities[0];
    expect(a['iati-identifier']).toBe(`XI-IATI-WCO-${missionId}`);
    expect(a['activity-status']['@code']).toBe('4');
    expect(a.result.indicator.title.narrative).toBe('Physical inspection rate');
    expect(a.result.indicator.period.actual.comment.narrative).toBe('35% (measured 2027-06-30)');
    expect(a['recipient-country']['@code']).toBe('FR');
    expect(a.budget.value['#text']).toBe('5700.00');
    expect(a.transaction.map((x: any) => [x['transaction-type']['@code'], String(x.value['#text'])])).toEqual([
      ['2', '5700.00'],
      ['4', '4980.50'],
    ]);
    expect(res.body).not.toContain('Camille');
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
  });

  it("serves an expert's missions as iCalendar at a secret URL, and stops serving it once revoked or replaced", async () => {
    const me = expertUser('cal-expert', 'KE');
    const issued = await t.call(me, 'POST', '/experts/me/calendar-feed');
    expect(issued.status).toBe(200);
    const path = issued.body.path as string;
    const feed = await t.app.inject({ method: 'GET', url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const { calendar, events } = parseICalendar(feed.body);
    expect(calendar).toMatchObject({ VERSION: '2.0', METHOD: 'PUBLISH' });
    const byUid = Object.fromEntries(events.map((e) => [e.UID, e]));
    expect(byUid[`${missionId}@assistance.wcoomd.org`]).toMatchObject({
      DTSTART: '20270308',
      DTEND: '20270313',
      SUMMARY: 'Risk diagnostic\\, Paris\\; week 1',
      STATUS: 'CONFIRMED',
      LOCATION: 'Paris',
    });
    expect(byUid[`${cancelledId}@assistance.wcoomd.org`]).toMatchObject({ STATUS: 'CANCELLED' });
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
