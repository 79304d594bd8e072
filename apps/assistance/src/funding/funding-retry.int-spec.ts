import { FundingRequestedEvent, FundingReservedEvent, Topics } from '@wco/contracts';
import { analyst, coordinator } from '../testing/assistance-test-app';
import { drive, eventually, missionBody, requestBody, useSagaKit, TO_APPROVED } from '../testing/assistance-fixtures';
import { FundingRetryScheduler } from './funding-retry.scheduler';

jest.setTimeout(120_000);

const FR = analyst('FR');

/*
 * The automatic re-request of unanswered funding, on the real broker: reply timeout 1 s, two re-requests, the
 * scheduler looking every second. Attempt 1 at t0, re-requests after 1 s and then 2 s more, overdue 4 s later.
 */
describe('assistance: overdue funding requests are re-requested with backoff, then marked funding overdue', () => {
  const kit = useSagaKit(
    'assistance_retry',
    { FUNDING_REPLY_TIMEOUT_SECONDS: '1', FUNDING_RETRY_MAX_ATTEMPTS: '2', FUNDING_RETRY_POLL_SECONDS: '1' },
    [Topics.AssistanceFunding],
  );

  async function pendingMission(): Promise<string> {
    const requestId = (await kit.t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    await drive(kit.t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], FR);
    const missionId = (await kit.t.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody())).body.id as string;
    const asked = await kit.t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    expect(asked.body).toMatchObject({ fundingStatus: 'pending', fundingAttempts: 1, fundingOverdue: false });
    return missionId;
  }
  const mission = async (id: string) => (await kit.t.call(coordinator(), 'GET', `/missions/${id}`)).body;
  const requestsOf = (missionId: string) =>
    kit.collector.events.filter((e) => e.event.type === FundingRequestedEvent.type && e.event.subject === missionId);

  it('re-sends the same funding request twice with doubling waits, then shows the mission funding overdue', async () => {
    const missionId = await pendingMission();
    const overdue = await eventually(
      () => mission(missionId),
      (m) => m.fundingOverdue === true,
      'funding overdue',
      40_000,
    );
    expect(overdue).toMatchObject({ fundingStatus: 'pending', fundingAttempts: 3, fundingNextAttemptAt: null });
    expect(overdue.fundingOverdueSince).toEqual(expect.any(String));
    await kit.collector.waitFor(() => requestsOf(missionId).length >= 3);
    const sent = requestsOf(missionId);
    expect(sent).toHaveLength(3);
    // The saga's idempotency key is the mission id: every re-request carries the same mission, line, year and
    // amount (budget-audit reserves once per mission), under a new event id so that its inbox does not drop it.
    expect(new Set(sent.map((e) => JSON.stringify(e.event.data))).size).toBe(1);
    expect(sent[0].event.data).toMatchObject({ missionId, lineCode: '2.10.003', fiscalYear: 2027, amountCents: 570_000 });
    expect(new Set(sent.map((e) => e.event.id)).size).toBe(3);
    const history = (await kit.t.call(FR, 'GET', `/missions/${missionId}/history`)).body.items;
    expect(history.map((h: { change: string }) => h.change)).toEqual([
      'planned',
      'funding_requested',
      'funding_re_requested',
      'funding_re_requested',
      'funding_overdue',
    ]);
    expect(history[4]).toMatchObject({ actor: 'scheduler:funding-retry', to: 'pending' });
    // Backoff: each wait (between the history's times, which are the scheduler's clock) is the timeout, doubled.
    const at = history.slice(1).map((h: { at: string }) => Date.parse(h.at));
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(1000);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(2000);
    expect(at[3] - at[2]).toBeGreaterThanOrEqual(4000);
    // Nothing more is sent once overdue.
    await new Promise((r) => setTimeout(r, 2500));
    expect(requestsOf(missionId)).toHaveLength(3);

    // A late answer still lands, and clears the flag.
    await kit.budget.send(FundingReservedEvent.type, { missionId });
    const funded = await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'funded',
      'funded',
    );
    expect(funded).toMatchObject({ fundingOverdue: false, fundingOverdueSince: null });
  });

  it('sends nothing again for a mission answered in time', async () => {
    const missionId = await pendingMission();
    await kit.budget.send(FundingReservedEvent.type, { missionId });
    await eventually(
      () => mission(missionId),
      (m) => m.fundingStatus === 'funded',
      'funded',
    );
    await new Promise((r) => setTimeout(r, 3500));
    expect(requestsOf(missionId)).toHaveLength(1);
    expect((await mission(missionId)).fundingAttempts).toBe(1);
  });

  it('lets a coordinator request an overdue mission again, which starts a new round of attempts', async () => {
    const missionId = await pendingMission();
    await eventually(
      () => mission(missionId),
      (m) => m.fundingOverdue === true,
      'funding overdue',
      40_000,
    );
    const again = await kit.t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ fundingAttempts: 1, fundingOverdue: false });
    await kit.collector.waitFor(() => requestsOf(missionId).length >= 4);
  });

  it('re-requests a mission once however many sweeps run at the same time (rows claimed SKIP LOCKED)', async () => {
    const missionId = await pendingMission();
    // Due now, for sweeps run by hand alongside the app's own.
    await kit.t.dataSource.query(`UPDATE mission SET funding_next_attempt_at = now() - interval '1 second' WHERE id = $1`, [missionId]);
    const scheduler = kit.t.app.get(FundingRetryScheduler);
    await Promise.all([scheduler.tick(), scheduler.tick(), scheduler.tick(), scheduler.tick()]);
    const rows: { funding_attempts: number }[] = await kit.t.dataSource.query(`SELECT funding_attempts FROM mission WHERE id = $1`, [
      missionId,
    ]);
    expect(rows[0].funding_attempts).toBe(2);
  });
});
