import { RequestMovedEvent, Topics } from '@wco/contracts';
import { EventCollector } from '@wco/testing';
import { analyst, AssistanceTestApp, coordinator, startAssistanceApp } from '../testing/assistance-test-app';
import { drive, requestBody } from '../testing/assistance-fixtures';

jest.setTimeout(120_000);

const FR = analyst('FR');

// Every move of a request is an event for its Member (the gateway notifies that Member only), written to the outbox
// in the move's transaction: a refused move publishes nothing.
describe('assistance: request moves published for the requesting Member', () => {
  let t: AssistanceTestApp;
  let collector: EventCollector;

  beforeAll(async () => {
    t = await startAssistanceApp('assistance_moves', { kafka: true });
    collector = new EventCollector();
    await collector.start([t.topics[Topics.AssistanceRequest]]);
  });
  afterAll(async () => {
    await collector?.stop();
    await t?.close();
  });

  const movesOf = (requestId: string) =>
    collector.events
      .filter((e) => e.event.type === RequestMovedEvent.type && e.event.subject === requestId)
      .map((e) => e.event.data as any);

  it('publishes one event per move, in order, naming the Member, the reason and the version, without personal data', async () => {
    const requestId = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const path = ['submitted', 'screening', 'info_requested', 'screening', 'needs_assessment', 'pending_approval', 'approved'];
    // The requester answers the request for more information (info_requested -> screening is theirs).
    const last = await drive(
      t,
      requestId,
      path.map((to, i) => (i === 3 ? { to, by: FR } : { to })),
      FR,
    );
    await collector.waitFor(() => movesOf(requestId).length >= path.length);
    const moves = movesOf(requestId);
    expect(moves.map((m) => [m.from, m.to])).toEqual([
      ['draft', 'submitted'],
      ['submitted', 'screening'],
      ['screening', 'info_requested'],
      ['info_requested', 'screening'],
      ['screening', 'needs_assessment'],
      ['needs_assessment', 'pending_approval'],
      ['pending_approval', 'approved'],
    ]);
    for (const m of moves) expect(m).toMatchObject({ requestId, member: 'FR', title: 'Risk management diagnostic' });
    expect(moves[2].reason).toBe('to info_requested');
    expect(moves[moves.length - 1].version).toBe(last.version);
    const versions = moves.map((m) => m.version as number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    // Neither the contact nor the actor (a user id) leaves the service.
    expect(JSON.stringify(moves)).not.toMatch(/camille|douane\.example|member-analyst|assistance-coordinator/i);
  });

  it('publishes a move to duplicate with the original, and nothing for a refused move', async () => {
    const original = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const copy = (await t.call(FR, 'POST', '/requests', requestBody())).body.id as string;
    const screening = await drive(t, copy, [{ to: 'submitted' }, { to: 'screening' }], FR);
    // A stale version and an illegal move: both refused, neither published.
    const stale = await t.call(coordinator(), 'POST', `/requests/${copy}/transitions`, { to: 'rejected', version: screening.version - 1 });
    expect(stale.status).toBe(409);
    const illegal = await t.call(coordinator(), 'POST', `/requests/${copy}/transitions`, { to: 'closed', version: screening.version });
    expect(illegal.status).toBe(409);
    await drive(t, copy, [{ to: 'duplicate', duplicateOf: original }], FR);
    await collector.waitFor(() => movesOf(copy).length >= 3);
    // Give a wrongly published refused move the time to show up behind the last one.
    await new Promise((r) => setTimeout(r, 1000));
    expect(movesOf(copy).map((m) => m.to)).toEqual(['submitted', 'screening', 'duplicate']);
    expect(movesOf(copy)[2]).toMatchObject({ from: 'screening', duplicateOf: original });
  });
});
