/* Bodies and steps the assistance specs share: a valid request, driving one through the workflow, and the
 * budget-audit side of the saga published onto the real topic (the test cannot run budget-audit's code). */
import { encodeEvent, FundingPostedEvent, FundingReleasedEvent, FundingReservedEvent, Topics } from '@wco/contracts';
import type { TopicName } from '@wco/contracts';
import { EventCollector, testInfra } from '@wco/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { AssistanceTestApp, TestUser } from './assistance-test-app';
import { coordinator, startAssistanceApp } from './assistance-test-app';

export function requestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'diagnostic_mission',
    thematicArea: 'risk_management',
    title: 'Risk management diagnostic',
    objectives: 'Assess the risk management framework of the administration',
    need: {
      source: 'performance_indicator',
      description: 'Physical inspection rate too high',
      reference: 'PMM-RM-03',
      baseline: '42% of declarations inspected',
    },
    period: { start: '2027-03-01', end: '2027-03-31' },
    language: 'fr',
    priority: 'high',
    contact: { name: 'Camille Martin', email: 'camille.martin@douane.example', phone: '+33 1 23 45 67 89' },
    ...overrides,
  };
}

export const assessment = {
  findings: 'No risk profiles maintained centrally',
  gaps: ['no central risk unit'],
  interventions: [{ description: 'Set up a national targeting centre', priority: 'high' }],
};

/** Moves a request along `path`, failing loudly on any refused step. */
export async function drive(
  t: AssistanceTestApp,
  id: string,
  path: { to: string; by?: TestUser; duplicateOf?: string }[],
  requester: TestUser,
): Promise<any> {
  let current = (await t.call(coordinator(), 'GET', `/requests/${id}`)).body;
  for (const step of path) {
    if (step.to === 'pending_approval' && !current.needsAssessment) {
      const put = await t.call(coordinator(), 'PUT', `/requests/${id}/needs-assessment`, { ...assessment, version: current.version });
      if (put.status !== 200) throw new Error(`needs assessment: ${put.status} ${JSON.stringify(put.body)}`);
      current = put.body;
    }
    const by = step.by ?? (['submitted', 'cancelled'].includes(step.to) ? requester : coordinator());
    const res = await t.call(by, 'POST', `/requests/${id}/transitions`, {
      to: step.to,
      version: current.version,
      reason: `to ${step.to}`,
      ...(step.duplicateOf ? { duplicateOf: step.duplicateOf } : {}),
    });
    if (res.status !== 200) throw new Error(`${current.state} -> ${step.to}: ${res.status} ${JSON.stringify(res.body)}`);
    current = res.body;
  }
  return current;
}

export const TO_APPROVED = ['submitted', 'screening', 'needs_assessment', 'pending_approval', 'approved'].map((to) => ({ to }));

export function missionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Diagnostic mission to the capital',
    startDate: '2027-03-08',
    endDate: '2027-03-12',
    location: 'Paris',
    costEstimate: { travelCents: 120_000, subsistenceCents: 150_000, feesCents: 300_000 },
    budgetLine: '2.10.003',
    fiscalYear: 2027,
    ...overrides,
  };
}

/** Plays budget-audit: publishes its answers as CloudEvents onto the (per-run) budget.funding.v1 topic. */
export class BudgetSide {
  private producer?: Producer;

  constructor(private readonly topic: string) {}

  async start(): Promise<void> {
    const kafka = new Kafka({ clientId: 'test-budget-side', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  private readonly commitments = new Map<string, string>();

  /**
   * Returns the event id, so a test can redeliver the very same event. The fields budget-audit always sends
   * (commitmentId, amounts) are filled in when the test does not care about them.
   */
  async send(type: string, data: Record<string, unknown>, id: string = randomUUID()): Promise<string> {
    const subject = String(data['missionId'] ?? randomUUID());
    const commitmentId = this.commitments.get(subject) ?? randomUUID();
    this.commitments.set(subject, commitmentId);
    const defaults: Record<string, Record<string, unknown>> = {
      [FundingReservedEvent.type]: { commitmentId, amountCents: 570_000 },
      [FundingPostedEvent.type]: { commitmentId, postedCents: 0, releasedCents: 0 },
      [FundingReleasedEvent.type]: { commitmentId, releasedCents: 0 },
    };
    const payload = { ...(defaults[type] ?? {}), ...data };
    await this.producer!.send({
      topic: this.topic,
      messages: [encodeEvent({ id, type, source: '/budget-audit', subject, data: payload })],
    });
    return id;
  }

  /** A message that is not even a CloudEvent. */
  async sendRaw(key: string, value: string): Promise<void> {
    await this.producer!.send({ topic: this.topic, messages: [{ key, value }] });
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}

export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${timeoutMs} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface DeadLetter {
  key: string;
  errorCode: string;
}

/** Reads a DLQ raw (a dead letter need not be a CloudEvent), keeping each letter's key and dlq-error-code. */
export class DeadLetterReader {
  readonly letters: DeadLetter[] = [];
  private consumer?: import('kafkajs').Consumer;

  async start(topic: string): Promise<void> {
    const kafka = new Kafka({ clientId: 'test-dlq-reader', brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `test-dlq-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.letters.push({ key: message.key?.toString() ?? '', errorCode: message.headers?.['dlq-error-code']?.toString() ?? '' });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

export const SCORE = { rating: 3, comment: 'ok' };
export const ALL_CRITERIA = {
  relevance: SCORE,
  coherence: SCORE,
  effectiveness: SCORE,
  efficiency: SCORE,
  impact: SCORE,
  sustainability: SCORE,
};

/**
 * A request taken the whole way to evaluation through the real routes and the saga (budget-audit's answers
 * published by `budget`): one mission funded, delivered and posted, the evaluation recorded. Needs an app started
 * with `kafka: true`.
 */
export async function evaluatedRequest(
  t: AssistanceTestApp,
  budget: BudgetSide,
  requester: TestUser,
  evaluation: Record<string, unknown> = {},
): Promise<{ requestId: string; missionId: string }> {
  const requestId = (await t.call(requester, 'POST', '/requests', requestBody())).body.id as string;
  await drive(t, requestId, [...TO_APPROVED, { to: 'mission_planning' }], requester);
  const missionId = (await t.call(coordinator(), 'POST', `/requests/${requestId}/missions`, missionBody())).body.id as string;
  await t.call(coordinator(), 'POST', `/missions/${missionId}/funding-request`, {});
  await budget.send(FundingReservedEvent.type, { missionId });
  const status = async () => (await t.call(coordinator(), 'GET', `/missions/${missionId}`)).body.fundingStatus as string;
  await eventually(status, (s) => s === 'funded', 'funded');
  await drive(t, requestId, [{ to: 'scheduled' }, { to: 'in_delivery' }], requester);
  const delivered = await t.call(coordinator(), 'POST', `/missions/${missionId}/delivery`, {
    actualCents: 500_000,
    findings: 'done',
    recommendations: [],
  });
  if (delivered.status !== 200) throw new Error(`delivery: ${delivered.status} ${JSON.stringify(delivered.body)}`);
  await budget.send(FundingPostedEvent.type, { missionId });
  await eventually(status, (s) => s === 'posted', 'posted');
  await drive(t, requestId, [{ to: 'delivered' }, { to: 'evaluation' }], requester);
  const evaluated = await t.call(coordinator(), 'PUT', `/requests/${requestId}/evaluation`, {
    criteria: ALL_CRITERIA,
    satisfaction: 4,
    followUpNeeded: true,
    ...evaluation,
  });
  if (evaluated.status !== 200) throw new Error(`evaluation: ${evaluated.status} ${JSON.stringify(evaluated.body)}`);
  return { requestId, missionId };
}

/** An app on the real broker with budget-audit's side (`budget`) and a collector of what it publishes on `collect`. */
export interface SagaTestKit {
  t: AssistanceTestApp;
  collector: EventCollector;
  budget: BudgetSide;
  stop(): Promise<void>;
}

export async function startSagaKit(prefix: string, env: Record<string, string>, collect: TopicName[]): Promise<SagaTestKit> {
  const t = await startAssistanceApp(prefix, { kafka: true, env });
  const collector = new EventCollector();
  await collector.start(collect.map((topic) => t.topics[topic]));
  const budget = new BudgetSide(t.topics[Topics.BudgetFunding]);
  await budget.start();
  return {
    t,
    collector,
    budget,
    async stop() {
      await budget.stop();
      await collector.stop();
      await t.close();
    },
  };
}

/** startSagaKit in the suite's beforeAll, stopped in its afterAll; the kit's fields are set once beforeAll ran. */
export function useSagaKit(prefix: string, env: Record<string, string>, collect: TopicName[]): SagaTestKit {
  const kit = {} as SagaTestKit;
  beforeAll(async () => {
    Object.assign(kit, await startSagaKit(prefix, env, collect));
  });
  afterAll(async () => kit.stop?.());
  return kit;
}
