import { FundingRequestedEvent, FundingReservedEvent, Topics } from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import { analyst, AssistanceTestApp, coordinator, startAssistanceApp } from '../testing/assistance-test-app';
import { BudgetSide, drive, eventually, missionBody, requestBody, TO_APPROVED } from '../testing/assistance-fixtures';

jest.setTimeout(120_000);

const FR = analyst('FR');

// The saga survives a restart of assistance: an answer that arrives while it is down is applied when it is back,
// and the same answer delivered again after the restart changes nothing.
describe('assistance: funding saga across a restart of the service', () => {
  let first: AssistanceTestApp | undefined;
  let second: AssistanceTestApp | undefined;
  let budget: BudgetSide;
  let collector: EventCollector;

  afterAll(async () => {
    await budget?.stop();
    await collector?.stop();
    await first?.close({ keep: !!second });
    await second?.close();
  });

  it('applies an answer published while assistance was down once it is back, and only once', async () => {
    first = await startAssistanceApp('assistance_restart', { kafka: true });
    collector = new EventCollector();
    await collector.start([first.topics[Topics.AssistanceFunding]]);
    budget = new BudgetSide(first.topics[Topics.BudgetFunding]);
    await budget.start();

    const requestId = (await first.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(first, requestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
    const missionId = (await first.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody())).body.id as string;
    await first.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    await collector.waitFor((e) => e.some((x) => x.event.type === FundingRequestedEvent.type && x.event.subject === missionId));

    const { database, topics } = first;
    await first.close({ keep: true });
    const reservedWhileDown = await budget.send(FundingReservedEvent.type, { missionId });

    second = await startAssistanceApp('assistance_restart', { kafka: true, reuse: { database, topics } });
    first = undefined;
    const restarted = second;
    const funded = await eventually(
      async () => (await restarted.call(coordinator(), 'GET', `/missions/${missionId}`)).body,
      (m) => m.fundingStatus === 'funded',
      'funded after restart',
    );
    await budget.send(FundingReservedEvent.type, { missionId }, reservedWhileDown);
    // A marker behind the redelivery on the same key: once it is consumed, the redelivery has been decided.
    const marker = await budget.send(FundingReservedEvent.type, { missionId });
    await eventually(
      async () => (await restarted.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [marker]))[0].n as number,
      (n) => n === 1,
      'marker consumed',
    );
    const after = (await restarted.call(coordinator(), 'GET', `/missions/${missionId}`)).body;
    expect(after).toMatchObject({ fundingStatus: 'funded', version: funded.version });
    const inbox: { n: number }[] = await restarted.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [
      reservedWhileDown,
    ]);
    expect(inbox[0].n).toBe(1);
  });
});
