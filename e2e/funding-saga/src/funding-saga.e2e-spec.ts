/* The mission-funding saga end to end (issue 10): assistance and budget-audit run as their own processes, started
 * from their main.ts as `npm start` starts them, on throw-away databases of the shared PostgreSQL and on a Kafka
 * broker of the run's own (so the production topic names and consumer groups are used without touching the shared
 * broker). A mission is funded through the saga, then each service is killed (SIGKILL) mid-saga and restarted:
 * the saga completes and budget-audit holds exactly one commitment per mission, with the amounts of one effect. */
import { until } from '@wco/testing';
import { coordinator, ESTIMATE, ok, startSagaPlatform } from './testing/saga-platform';
import type { SagaPlatform } from './testing/saga-platform';

jest.setTimeout(600_000);

describe('funding saga end to end: assistance and budget-audit as processes, each killed mid-saga', () => {
  let p: SagaPlatform;

  beforeAll(async () => {
    p = await startSagaPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('funds a mission through budget-audit and posts its actual cost, the rest released', async () => {
    const { requestId, missionId } = await p.plannedMission('AEO expert mission');
    await ok('funding request', p.onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    const funded = await p.missionOnceIn(missionId, 'funded');
    expect(funded).toMatchObject({ fundingStatus: 'funded', estimateCents: ESTIMATE });
    const [reserved] = await p.commitmentsOf(missionId);
    expect(reserved).toMatchObject({ status: 'pending', amount_cents: String(ESTIMATE) });

    let version = (await ok('request', p.onAssistance(coordinator, 'GET', `/requests/${requestId}`))).version as number;
    for (const to of ['scheduled', 'in_delivery']) {
      version = (await ok(to, p.onAssistance(coordinator, 'POST', `/requests/${requestId}/transitions`, { to, version, reason: to })))
        .version;
    }
    await ok(
      'delivery',
      p.onAssistance(coordinator, 'POST', `/missions/${missionId}/delivery`, {
        actualCents: 500_000,
        findings: 'Criteria drafted',
        recommendations: [],
      }),
    );
    await p.missionOnceIn(missionId, 'posted');
    expect(await p.commitmentsOf(missionId)).toEqual([
      { id: reserved.id, status: 'posted', amount_cents: String(ESTIMATE), posted_cents: '500000' },
    ]);
    await until(async () => p.answerTypes(missionId).length >= 2, 30_000, 'both answers on the topic');
    expect(p.answerTypes(missionId)).toEqual(['reserved', 'posted']);
  });

  it('completes when budget-audit is killed (SIGKILL) right after the funding request and restarted', async () => {
    const { missionId } = await p.plannedMission('AEO mission, budget-audit crashes');
    await ok('funding request', p.onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    await p.budget.kill9();
    // While budget-audit is down the mission waits: pending, not lost.
    expect((await p.onAssistance(coordinator, 'GET', `/missions/${missionId}`)).body).toMatchObject({ fundingStatus: 'pending' });
    await p.budget.start();
    await p.missionOnceIn(missionId, 'funded');
    expect(await p.commitmentsOf(missionId)).toEqual([expect.objectContaining({ status: 'pending', amount_cents: String(ESTIMATE) })]);
    await until(async () => p.answerTypes(missionId).length >= 1, 30_000, 'the answer on the topic');
    expect(p.answerTypes(missionId)).toEqual(['reserved']);
  });

  it('completes when assistance is killed (SIGKILL) right after the funding request and restarted, with no second effect', async () => {
    const { missionId } = await p.plannedMission('AEO mission, assistance crashes');
    await ok('funding request', p.onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    // The request is committed with its outbox row; the relay may or may not have published it, the answer may or
    // may not have been consumed: the restarted process takes over wherever the saga stood.
    await p.assistance.kill9();
    await p.assistance.start();
    const funded = await p.missionOnceIn(missionId, 'funded');
    expect(await p.commitmentsOf(missionId)).toEqual([expect.objectContaining({ status: 'pending', amount_cents: String(ESTIMATE) })]);
    await until(async () => p.answerTypes(missionId).length >= 1, 30_000, 'the answer on the topic');
    expect(p.answerTypes(missionId)).toEqual(['reserved']);
    // Nothing left to apply: the mission does not move again (a redelivered answer is in the inbox already).
    await new Promise((r) => setTimeout(r, 3000));
    expect((await p.onAssistance(coordinator, 'GET', `/missions/${missionId}`)).body).toMatchObject({
      fundingStatus: 'funded',
      version: funded.version,
    });
  });

  it('completes a cancellation when budget-audit is killed while the release is in flight', async () => {
    const { missionId } = await p.plannedMission('AEO mission, cancelled during a crash');
    await ok('funding request', p.onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    await p.missionOnceIn(missionId, 'funded');
    await ok('cancellation', p.onAssistance(coordinator, 'POST', `/missions/${missionId}/cancellation`, {}));
    await p.budget.kill9();
    await p.budget.start();
    await p.missionOnceIn(missionId, 'released');
    expect(await p.commitmentsOf(missionId)).toEqual([expect.objectContaining({ status: 'voided', amount_cents: String(ESTIMATE) })]);
    await until(async () => p.answerTypes(missionId).length >= 2, 30_000, 'both answers on the topic');
    expect(p.answerTypes(missionId)).toEqual(['reserved', 'released']);
  });
});
