/* The platform of the funding-saga scenario and of its round-trip benchmark (issue 10): assistance and budget-audit run as their own processes, started
 * from their main.ts as `npm start` starts them, on throw-away databases of the shared PostgreSQL and on a Kafka
 * broker of the run's own (so the production topic names and consumer groups are used without touching the shared
 * broker). A mission is funded through the saga, then each service is killed (SIGKILL) mid-saga and restarted:
 * the saga completes and budget-audit holds exactly one commitment per mission, with the amounts of one effect. */
import { DevIssuer } from '@wco/auth';
import type { WcoRole } from '@wco/auth';
import { Topics } from '@wco/contracts';
import { createTestDatabase, DedicatedBroker, EventCollector, freePort, NodeChild, testInfra, until } from '@wco/testing';
import type { TestDatabase } from '@wco/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';

export interface Caller {
  subject: string;
  member: string;
  roles: WcoRole[];
}
export const coordinator: Caller = { subject: 'assistance-coordinator-wco-saga', member: 'WCO', roles: ['assistance-coordinator'] };
export const requester: Caller = { subject: 'member-analyst-ke-saga', member: 'KE', roles: ['member-analyst'] };
export const financeOfficer: Caller = { subject: 'finance-officer-wco-saga', member: 'WCO', roles: ['finance-officer'] };
export const financeCommittee: Caller = { subject: 'finance-committee-saga', member: 'KE', roles: ['finance-committee'] };

export const YEAR = 2027;
export const LINE = '2.10.003';
/** travel + subsistence + fees of every mission below. */
export const ESTIMATE = 570_000;

export const ok = async (what: string, pending: Promise<{ status: number; body: any }>, ...statuses: number[]): Promise<any> => {
  const res = await pending;
  if (!(statuses.length ? statuses : [200, 201]).includes(res.status))
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

export type SagaPlatform = Awaited<ReturnType<typeof startSagaPlatform>>;

/**
 * Both services started from their main.ts (NodeChild: kill9() is the crash, start() a new incarnation on the same
 * port) on databases of the shared PostgreSQL and a broker of the run's own, budget-audit's year open with one line.
 */
/** `assistanceEnv`: extra variables for assistance (e.g. a short reply timeout for the automatic re-requests). */
export async function startSagaPlatform(appropriationCents = 10_000_000, assistanceEnv: Record<string, string> = {}) {
  const infra = testInfra();
  const broker = new DedicatedBroker();
  const databases: TestDatabase[] = [];

  const service = (label: string, port: number, db: TestDatabase, env: Record<string, string> = {}): NodeChild =>
    new NodeChild({
      label,
      entry: `apps/${label}/src/main.ts`,
      telemetry: true,
      env: {
        SERVICE_NAME: label,
        NODE_ENV: 'development',
        AUTH_DEV_ISSUER: 'true',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: infra.databaseUrl,
        DATABASE_NAME: db.name,
        DATABASE_POOL_SIZE: '4',
        KAFKA_BROKERS: broker.brokers.join(','),
        LOG_LEVEL: 'warn',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_TRACES_EXPORTER: 'none',
        ...env,
      },
      ready: () =>
        until(
          async () => (await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) })).status === 200,
          240_000,
          `${label} ready`,
          300,
        ),
    });

  const [assistancePort, budgetPort, assistanceDb, budgetDatabase] = await Promise.all([
    freePort(),
    freePort(),
    createTestDatabase('saga_assistance'),
    createTestDatabase('saga_budget'),
    broker.start(),
  ]);
  databases.push(assistanceDb, budgetDatabase);
  const issuer = await DevIssuer.load();
  const assistanceUrl = `http://127.0.0.1:${assistancePort}`;
  const budgetUrl = `http://127.0.0.1:${budgetPort}`;
  const budget = service('budget-audit', budgetPort, budgetDatabase);
  const assistance = service('assistance', assistancePort, assistanceDb, assistanceEnv);
  // One after the other: each creates the topics and migrates its database on start.
  await budget.start();
  await assistance.start();
  const budgetDb = new Client({ connectionString: budgetDatabase.url });
  await budgetDb.connect();
  const answers = new EventCollector(broker.brokers);
  await answers.start([Topics.BudgetFunding]);
  // The saga is live once both consumer groups have their partitions: on a fresh broker and a loaded machine the
  // first join can take long, and that start-up is not what the tests (or the benchmark) are about.
  const admin = new Kafka({ clientId: 'saga-platform', brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  let seen = 'no answer from the broker yet';
  try {
    await until(
      async () => {
        const { groups } = await admin.describeGroups(['budget-audit.funding', 'assistance.funding-replies']);
        seen = groups.map((g) => `${g.groupId} ${g.state} with ${g.members.length} member(s)`).join(', ');
        return groups.length === 2 && groups.every((g) => g.state === 'Stable' && g.members.length > 0);
      },
      300_000,
      () => `both saga consumer groups stable (last seen: ${seen})`,
      500,
    );
  } finally {
    await admin.disconnect();
  }

  const call = async (base: string, who: Caller, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const token = await issuer.issueToken({ subject: who.subject, member: who.member, roles: who.roles });
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const onAssistance = (who: Caller, method: string, path: string, body?: unknown) => call(assistanceUrl, who, method, path, body);

  /** A request of KE driven to mission planning, with one mission planned on the budget line. */
  const plannedMission = async (title: string): Promise<{ requestId: string; missionId: string }> => {
    const request = await ok(
      'draft',
      onAssistance(requester, 'POST', '/requests', {
        kind: 'expert_mission',
        thematicArea: 'aeo',
        title,
        objectives: 'Set up an AEO programme',
        need: { source: 'free_text', description: 'No AEO programme yet' },
        period: { start: '2027-03-01', end: '2027-03-31' },
        language: 'en',
        priority: 'medium',
        contact: { name: 'Wanjiru Kamau', email: 'wanjiru.kamau@kra.example' },
      }),
    );
    let version = request.version as number;
    for (const to of ['submitted', 'screening', 'needs_assessment', 'pending_approval', 'approved', 'mission_planning']) {
      if (to === 'pending_approval') {
        const assessed = await ok(
          'needs assessment',
          onAssistance(coordinator, 'PUT', `/requests/${request.id as string}/needs-assessment`, {
            findings: 'No AEO programme',
            gaps: ['no AEO criteria'],
            interventions: [{ description: 'Draft the AEO criteria', priority: 'high' }],
            version,
          }),
        );
        version = assessed.version as number;
      }
      const by = to === 'submitted' ? requester : coordinator;
      const moved = await ok(
        to,
        onAssistance(by, 'POST', `/requests/${request.id as string}/transitions`, { to, version, reason: `to ${to}` }),
      );
      version = moved.version as number;
    }
    const mission = await ok(
      'plan mission',
      onAssistance(coordinator, 'POST', `/requests/${request.id as string}/missions`, {
        title,
        startDate: '2027-03-08',
        endDate: '2027-03-12',
        location: 'Nairobi',
        costEstimate: { travelCents: 120_000, subsistenceCents: 150_000, feesCents: 300_000 },
        budgetLine: LINE,
        fiscalYear: YEAR,
      }),
    );
    return { requestId: request.id as string, missionId: mission.id as string };
  };

  const missionOnceIn = async (missionId: string, fundingStatus: string, everyMs = 300): Promise<any> => {
    let last: any;
    await until(
      async () => {
        last = (await onAssistance(coordinator, 'GET', `/missions/${missionId}`)).body;
        return last?.fundingStatus === fundingStatus;
      },
      180_000,
      `mission ${missionId} ${fundingStatus}`,
      everyMs,
    ).catch((e: Error) => {
      throw new Error(`${e.message}; last seen ${JSON.stringify(last)}`);
    });
    return last;
  };

  const commitmentsOf = async (missionId: string) =>
    (
      await budgetDb.query<{ id: string; status: string; amount_cents: string; posted_cents: string | null }>(
        `SELECT id, status, amount_cents, posted_cents FROM commitment WHERE mission_id = $1`,
        [missionId],
      )
    ).rows;

  /** Distinct answers budget-audit published about the mission (a redelivered one has the id of the first). */
  const answerTypes = (missionId: string): string[] => {
    const seen = new Map<string, string>();
    for (const e of answers.events) if (e.event.subject === missionId) seen.set(e.event.id, e.event.type.split('.').slice(-2, -1)[0]);
    return [...seen.values()];
  };

  await ok('fiscal year', call(budgetUrl, financeOfficer, 'POST', '/fiscal-years', { year: YEAR }));
  const versionId = randomUUID();
  await ok(
    'budget version',
    call(budgetUrl, financeOfficer, 'POST', `/fiscal-years/${YEAR}/budget-versions`, {
      id: versionId,
      title: `Budget ${YEAR}`,
      lines: [{ code: LINE, title: 'Capacity building missions', programme: 'SP7', appropriationCents }],
    }),
  );
  await ok('submit', call(budgetUrl, financeOfficer, 'POST', `/budget-versions/${versionId}/submit`), 200);
  await ok('accept', call(budgetUrl, financeCommittee, 'POST', `/budget-versions/${versionId}/accept`), 200);
  await ok('open', call(budgetUrl, financeOfficer, 'POST', `/fiscal-years/${YEAR}/open`), 200);

  return {
    brokers: broker.brokers,
    call,
    onAssistance,
    plannedMission,
    missionOnceIn,
    commitmentsOf,
    answerTypes,
    budgetUrl,
    assistance,
    budget,
    answers,
    async stop(): Promise<void> {
      await answers?.stop();
      await budgetDb?.end();
      await Promise.all([assistance?.stop(), budget?.stop()]);
      await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
      await broker.stop();
    },
  };
}
