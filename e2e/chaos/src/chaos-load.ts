import { randomUUID } from 'node:crypto';

// Steady HTTP load on the real API while faults are injected: report submissions at a fixed rate, some sharing a
// container with an earlier report of another Member (a match, so match events too), some followed by a revision
// (a second and third event on the report's key, so per-key order can be checked). A submission that fails or
// times out is retried with the same Idempotency-Key until it is answered 201, so a fault neither loses nor
// doubles it; what committed is what got a 201 with the report id.

const MEMBERS = ['FR', 'NL', 'BE', 'DE', 'ES', 'KE', 'BR', 'MA'] as const;
const REQUEST_TIMEOUT_MS = 10_000;
/** A submission that is still not answered after this is reported as lost. */
const RETRY_DEADLINE_MS = 150_000;

/** ISO 6346 check digit, so generated container numbers pass the API's validation. */
export function containerNumber(owner: string, serial: number): string {
  const first10 = `${owner}U${String(serial).padStart(6, '0')}`;
  const sum = [...first10].reduce((s, c, i) => s + (/\d/.test(c) ? Number(c) : isoLetterValue(c)) * 2 ** i, 0);
  return `${first10}${(sum % 11) % 10}`;
}

/** A=10 .. Z=38, skipping the multiples of 11. */
function isoLetterValue(c: string): number {
  let v = 10;
  for (let code = 65; code < c.charCodeAt(0); code++) v += (v + 1) % 11 === 0 ? 2 : 1;
  return v;
}

export type SubmissionKind = 'report' | 'probe';

export interface Submission {
  kind: SubmissionKind;
  idempotencyKey: string;
  member: string;
  firstAttemptAt: number;
  committedAt?: number;
  reportId?: string;
  attempts: number;
  /** Non-retriable refusal (a 4xx other than 409/429): a bug of the generator or the API. */
  refused?: string;
  lost?: boolean;
}

export interface AttemptFailure {
  at: number;
  status: number | string;
}

export interface LoadOptions {
  baseUrl: string;
  authorization: (member: string) => string;
  ratePerSecond: number;
  rnd: () => number;
  /** In-flight submissions above which the pacer waits (a fault must not pile up thousands of retries). */
  maxInFlight?: number;
}

export class ChaosLoad {
  readonly submissions: Submission[] = [];
  readonly failures: AttemptFailure[] = [];
  readonly revisions = { attempted: 0, answered: 0, failed: 0 };
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly recent: { container: string; member: string }[] = [];
  private serial = 1;
  private running = false;
  private pacer?: Promise<void>;

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.running = true;
    this.pacer = this.pace();
  }

  /** Stops offering new work and waits until every submission is answered (or lost after its deadline). */
  async stop(): Promise<void> {
    this.running = false;
    await this.pacer;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private async pace(): Promise<void> {
    const interval = 1000 / this.options.ratePerSecond;
    let due = performance.now();
    while (this.running) {
      due += interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (wait < -5000) due = performance.now(); // after a stall, do not burst to catch up
      if ((this.options.maxInFlight ?? 200) <= this.inFlight.size) continue;
      void this.track(this.submitAndMaybeRevise());
    }
  }

  private async submitAndMaybeRevise(): Promise<void> {
    const s = await this.submit('report');
    if (s.reportId && this.options.rnd() < 0.2) {
      await this.revise(s.reportId, s.member);
      if (this.options.rnd() < 0.3) await this.revise(s.reportId, s.member);
    }
  }

  private body(member: string, container: string, description = 'Cocaine bricks in banana boxes'): object {
    return {
      type: 'seizure',
      whenWhere: {
        detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        country: member,
        locationType: 'seaport',
        direction: 'import',
      },
      goods: [
        {
          commodityCategory: 'drugs',
          description,
          hsCode: '293972',
          quantity: { value: 10 + Math.round(this.options.rnd() * 200), unit: 'kg' },
        },
      ],
      // No route or concealment: their pattern indicators would link every report of a destination to every
      // other (up to the ubiquity cap), and the match events would swamp the report events.
      detection: { code: 'x_ray' },
      conveyance: { transportMode: 'sea', containers: [{ number: container }] },
      grading: { sourceReliability: 'B', informationCredibility: 2 },
      tlp: 'GREEN',
      distribution: { level: 'all_members' },
      retentionUntil: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
    };
  }

  /** One report, retried with the same Idempotency-Key until it is answered 201. */
  async submit(kind: SubmissionKind): Promise<Submission> {
    const rnd = this.options.rnd;
    const member = MEMBERS[Math.floor(rnd() * MEMBERS.length)];
    // A quarter of the reports reuse the container of a recent report by another Member: a match, two events.
    // Each container is shared once, so a submission makes one match (two events), not one per earlier report.
    const partnerAt = kind === 'report' && rnd() < 0.25 ? this.recent.findIndex((r) => r.member !== member) : -1;
    const partner = partnerAt >= 0 ? this.recent.splice(partnerAt, 1)[0] : undefined;
    const container = partner?.container ?? containerNumber('CHS', this.serial++ % 1_000_000);
    const body = JSON.stringify(this.body(member, container));
    const s: Submission = { kind, idempotencyKey: randomUUID(), member, firstAttemptAt: Date.now(), attempts: 0 };
    this.submissions.push(s);
    let backoff = 200;
    for (;;) {
      s.attempts++;
      const outcome = await this.post('/reports', member, body, { 'idempotency-key': s.idempotencyKey });
      if (outcome.status === 201 && outcome.id) {
        s.reportId = outcome.id;
        s.committedAt = Date.now();
        if (!partner) this.recent.unshift({ container, member });
        if (this.recent.length > 50) this.recent.pop();
        return s;
      }
      this.failures.push({ at: Date.now(), status: outcome.status });
      const retriable = outcome.status === 0 || outcome.status >= 500 || outcome.status === 409 || outcome.status === 429;
      if (!retriable) {
        s.refused = `${outcome.status} ${outcome.text.slice(0, 500)}`;
        return s;
      }
      if (Date.now() - s.firstAttemptAt > RETRY_DEADLINE_MS) {
        s.lost = true;
        return s;
      }
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(2000, backoff * 2);
    }
  }

  /**
   * A revision (version n+1) by the originator. The endpoint takes no Idempotency-Key, so it is tried once: a
   * failure during a fault is counted, and a revision that committed anyway is in the outbox log like any other.
   */
  private async revise(reportId: string, member: string): Promise<void> {
    this.revisions.attempted++;
    const body = JSON.stringify(this.body(member, containerNumber('CHR', this.serial++ % 1_000_000), 'Revised: cocaine bricks'));
    const outcome = await this.post(`/reports/${reportId}/versions`, member, body, {});
    if (outcome.status >= 200 && outcome.status < 300) this.revisions.answered++;
    else {
      this.revisions.failed++;
      this.failures.push({ at: Date.now(), status: outcome.status });
    }
  }

  private async post(
    path: string,
    member: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; id?: string; text: string }> {
    try {
      const res = await fetch(`${this.options.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: this.options.authorization(member), ...headers },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      const id = res.status === 201 ? (JSON.parse(text) as { id?: string }).id : undefined;
      return { status: res.status, id, text };
    } catch (error) {
      return { status: 0, text: String(error) };
    }
  }
}
