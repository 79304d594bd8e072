/* The automatic re-request of unanswered funding (issue 10) with budget-audit's real code: budget-audit is down
 * while assistance re-sends the funding request (reply timeout 2 s, waits doubling); when it comes back it reads
 * the first request and every re-request, and must reserve the mission's estimate once. */
import { until } from '@wco/testing';
import { coordinator, ESTIMATE, ok, startSagaPlatform } from './testing/saga-platform';
import type { SagaPlatform } from './testing/saga-platform';

jest.setTimeout(600_000);

describe('funding saga end to end: re-requests while budget-audit is down reserve once', () => {
  let p: SagaPlatform;

  beforeAll(async () => {
    p = await startSagaPlatform(10_000_000, {
      FUNDING_REPLY_TIMEOUT_SECONDS: '2',
      FUNDING_RETRY_MAX_ATTEMPTS: '5',
      FUNDING_RETRY_POLL_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('funds the mission with exactly one commitment after re-requests budget-audit was not there to answer', async () => {
    const { missionId } = await p.plannedMission('AEO mission, budget-audit away');
    await p.budget.kill9();
    await ok('funding request', p.onAssistance(coordinator, 'POST', `/missions/${missionId}/funding-request`, {}));
    const reRequests = async () =>
      ((await p.onAssistance(coordinator, 'GET', `/missions/${missionId}/history`)).body.items as { change: string }[]).filter(
        (h) => h.change === 'funding_re_requested',
      ).length;
    await until(async () => (await reRequests()) >= 2, 60_000, 'two automatic re-requests');
    await p.budget.start();
    const funded = await p.missionOnceIn(missionId, 'funded');
    expect(funded.fundingAttempts).toBeGreaterThanOrEqual(3);
    expect(await p.commitmentsOf(missionId)).toEqual([expect.objectContaining({ status: 'pending', amount_cents: String(ESTIMATE) })]);
    // budget-audit answers each request it read, always with the one commitment.
    await until(async () => p.answerTypes(missionId).length >= 1, 30_000, 'an answer on the topic');
    const answers = p.answers.events.filter((e) => e.event.subject === missionId);
    expect(new Set(answers.map((e) => e.event.type.split('.').slice(-2, -1)[0]))).toEqual(new Set(['reserved']));
    expect(new Set(answers.map((e) => (e.event.data as { commitmentId: string }).commitmentId)).size).toBe(1);
    // Funded: no further re-request.
    const attempts = funded.fundingAttempts as number;
    await new Promise((r) => setTimeout(r, 5000));
    expect((await p.onAssistance(coordinator, 'GET', `/missions/${missionId}`)).body).toMatchObject({
      fundingStatus: 'funded',
      fundingAttempts: attempts,
      fundingOverdue: false,
    });
  });
});
