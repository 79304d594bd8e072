import { dlqTopicOf, encodeEvent, FundingCancelledEvent, FundingCostPostedEvent, FundingRequestedEvent, Topics } from '@wco/contracts';
import { EventCollector, testInfra } from '@wco/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { auditor, BudgetAuditTestApp, startBudgetAuditApp } from '../testing/budget-audit-test-app';
import { openYear } from '../testing/budget-fixtures';

jest.setTimeout(90_000);

// assistance's side of the saga is played by this test: it publishes assistance.funding.v1 events on the real
// broker and reads the answers budget-audit publishes on budget.funding.v1 (through its outbox and relay).
describe('mission-funding saga (Kafka, PostgreSQL)', () => {
  let t: BudgetAuditTestApp;
  let producer: Producer;
  let answers: EventCollector;
  let dlq: EventCollector;

  beforeAll(async () => {
    t = await startBudgetAuditApp('budget_funding', { kafka: true });
    await openYear(t, 2060, [{ code: '6.10.001', appropriationCents: 1_000_000 }]);
    producer = new Kafka({ clientId: 'funding-test', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    answers = new EventCollector();
    await answers.start([t.topics[Topics.BudgetFunding]]);
    dlq = new EventCollector();
    await dlq.start([dlqTopicOf(t.topics[Topics.AssistanceFunding])]);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await answers?.stop();
    await dlq?.stop();
    await t?.close();
  });

  const send = async (type: string, missionId: string, data: object, id: string = randomUUID()): Promise<string> => {
    await producer.send({
      topic: t.topics[Topics.AssistanceFunding],
      messages: [encodeEvent({ id, type, source: '/assistance', subject: missionId, data })],
    });
    return id;
  };
  const answersFor = async (missionId: string, n: number) =>
    (await answers.waitFor((es) => es.filter((e) => e.event.subject === missionId).length >= n, 30_000))
      .filter((e) => e.event.subject === missionId)
      .map((e) => ({ type: e.event.type.split('.').slice(-2, -1)[0], data: e.event.data as Record<string, unknown> }));
  const request = (missionId: string, amountCents: number, extra: object = {}) => ({
    missionId,
    lineCode: '6.10.001',
    fiscalYear: 2060,
    amountCents,
    requestedBy: 'KE',
    ...extra,
  });
  const lineFigures = async () => (await t.call(auditor, 'GET', '/fiscal-years/2060/budget-vs-actual')).body.lines[0];

  it('reserves on request, posts the actual cost (the rest released) on delivery, once under redelivery', async () => {
    const mission = randomUUID();
    const eventId = await send(FundingRequestedEvent.type, mission, request(mission, 300_000));
    const [reserved] = await answersFor(mission, 1);
    expect(reserved).toMatchObject({ type: 'reserved', data: { missionId: mission, amountCents: 300_000 } });
    // The same event delivered again is in the inbox already: no second reservation, no second answer.
    await send(FundingRequestedEvent.type, mission, request(mission, 300_000), eventId);
    await send(FundingCostPostedEvent.type, mission, { missionId: mission, actualCents: 250_000 });
    const all = await answersFor(mission, 2);
    expect(all.map((a) => a.type)).toEqual(['reserved', 'posted']);
    expect(all[1].data).toEqual({
      missionId: mission,
      commitmentId: reserved.data.commitmentId,
      postedCents: 250_000,
      releasedCents: 50_000,
    });
    expect(await t.dataSource.query(`SELECT status, posted_cents FROM commitment WHERE mission_id = $1`, [mission])).toEqual([
      { status: 'posted', posted_cents: '250000' },
    ]);
    const c = (await t.call(auditor, 'GET', `/commitments/${reserved.data.commitmentId as string}`)).body;
    expect(c).toMatchObject({ missionId: mission, status: 'posted', postedCents: '250000', releasedCents: '50000' });
  });

  it('voids the reservation on cancellation', async () => {
    const mission = randomUUID();
    await send(FundingRequestedEvent.type, mission, request(mission, 100_000));
    await answersFor(mission, 1);
    const before = BigInt((await lineFigures()).committedCents);
    await send(FundingCancelledEvent.type, mission, { missionId: mission });
    const all = await answersFor(mission, 2);
    expect(all[1]).toMatchObject({ type: 'released', data: { missionId: mission, releasedCents: 100_000 } });
    expect(BigInt((await lineFigures()).committedCents)).toBe(before - 100_000n);
  });

  it('rejects with insufficient_funds, unknown_line and closed_year, reserving nothing', async () => {
    const [poor, lost, late] = [randomUUID(), randomUUID(), randomUUID()];
    const before = await t.count('commitment');
    await send(FundingRequestedEvent.type, poor, request(poor, 999_999_999));
    await send(FundingRequestedEvent.type, lost, request(lost, 10, { lineCode: '9.99.999' }));
    await send(FundingRequestedEvent.type, late, request(late, 10, { fiscalYear: 2061 }));
    const reasons = [];
    for (const m of [poor, lost, late]) {
      const [answer] = await answersFor(m, 1);
      expect(answer.type).toBe('rejected');
      reasons.push(answer.data.reason);
    }
    expect(reasons).toEqual(['insufficient_funds', 'unknown_line', 'closed_year']);
    expect(await t.count('commitment')).toBe(before);
  });

  it('sends a malformed event to the dead-letter topic and keeps consuming', async () => {
    const bad = randomUUID();
    const badId = await send(FundingRequestedEvent.type, bad, { ...request(bad, 10), amountCents: 10.5 });
    await dlq.waitFor((es) => es.some((e) => e.event.id === badId), 30_000);
    const good = randomUUID();
    await send(FundingRequestedEvent.type, good, request(good, 10));
    expect((await answersFor(good, 1))[0].type).toBe('reserved');
    expect(await t.dataSource.query(`SELECT 1 FROM commitment WHERE mission_id = $1`, [bad])).toEqual([]);
  });
});
