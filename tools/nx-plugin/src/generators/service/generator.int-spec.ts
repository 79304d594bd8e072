// `nx g @wco/tools:service` run on a scratch copy of the repository, and the result checked the way `npm test` checks
// the real tree: strict type-check, ESLint with module boundaries, the compose/Kubernetes/topic checks of deploy/
// and libs/contracts, and the generated service's own tests against the real PostgreSQL and Kafka.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createTestDatabase, testInfra } from '@wco/testing';
import { Client } from 'pg';
import { parse, parseAllDocuments } from 'yaml';
import { ScratchWorkspace } from './testing/scratch-workspace';

jest.setTimeout(420_000);

// A service the repository does not have yet, kept forever like an audit stream (the auditor must get it).
const SERVICE = 'budget-grants';
const APP = `apps/${SERVICE}`;
const TOPIC = 'grant.award.v1';
const OPTIONS = ['--domain=grant', '--aggregate=award', '--scope=budget'];

interface KafkaUserDoc {
  metadata: { name: string };
  spec: { authentication: { type: string }; authorization: { acls: { resource: { type: string; name: string }; operations: string[] }[] } };
}

describe('nx g @wco/tools:service', () => {
  let ws: ScratchWorkspace;
  let generated: { status: number; output: string };
  let port: number;
  const read = (path: string): string => readFileSync(ws.path(path), 'utf8');
  const expectSuccess = (result: { status: number; output: string }, what: string): void => {
    expect({ what, status: result.status, output: result.status === 0 ? '' : result.output.slice(-6000) }).toEqual({
      what,
      status: 0,
      output: '',
    });
  };

  beforeAll(() => {
    ws = ScratchWorkspace.create('nx-plugin-service');
    // The next port above every service's in docker-compose.yml.
    const composed = parse(read('docker-compose.yml')) as { services: Record<string, { environment?: Record<string, unknown> }> };
    port = Math.max(...Object.values(composed.services).map((s) => Number(s.environment?.['PORT'] ?? 0))) + 1;
    generated = ws.run('npx', [
      'nx',
      'g',
      '@wco/tools:service',
      SERVICE,
      ...OPTIONS,
      '--role=finance-officer',
      '--keepForever',
      '--description=Grants awarded from the budget, and their audit stream',
      '--migrationTimestamp=1767484800000',
      '--no-interactive',
    ]);
  });
  afterAll(() => ws?.remove());

  it('runs from the workspace root under its package name and creates the service in the shape of intel-exchange', () => {
    expectSuccess(generated, 'nx g');
    const expected = [
      'project.json',
      'jest.config.js',
      'src/main.ts',
      'src/app.module.ts',
      `src/config/${SERVICE}.config.ts`,
      `src/database/${SERVICE}.data-source.ts`,
      `src/migrations/1767484800000-${SERVICE}-schema.ts`,
      'src/events/events.module.ts',
      `src/events/${SERVICE}-events.ts`,
      `src/events/${SERVICE}-topics.ts`,
      'src/awards/awards.module.ts',
      'src/awards/awards.controller.ts',
      'src/awards/awards.service.ts',
      'src/awards/awards.repository.ts',
      'src/awards/awards.access.ts',
      'src/awards/awards.errors.ts',
      'src/awards/award.entity.ts',
      'src/awards/dto/award.dto.ts',
      `src/testing/${SERVICE}-test-app.ts`,
      `src/${SERVICE}.int-spec.ts`,
      `src/${SERVICE}.fuzz.int-spec.ts`,
    ];
    expect(expected.filter((f) => !existsSync(ws.path(APP, f)))).toEqual([]);
    const project = JSON.parse(read(`${APP}/project.json`));
    expect(project).toMatchObject({ name: SERVICE, projectType: 'application', tags: ['scope:budget', 'type:app'] });
    expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['serve', 'lint', 'test']));
    // The next service gets the next port.
    expect(read(`${APP}/src/config/${SERVICE}.config.ts`)).toContain(`override PORT = ${port};`);
    expect(ws.run('npx', ['nx', 'show', 'projects']).output.split('\n')).toContain(SERVICE);
  });

  it('migrates its own database with `nx migrate` (the first migration creates the aggregate table)', async () => {
    expectSuccess(generated, 'nx g');
    const db = await createTestDatabase('nx_plugin_migrate');
    try {
      const migrated = ws.run('npx', ['nx', 'run', `${SERVICE}:migrate`], {
        DATABASE_URL: testInfra().databaseUrl,
        DATABASE_NAME: db.name,
        AUTH_DEV_ISSUER: 'true',
        LOG_LEVEL: 'warn',
      });
      expectSuccess(migrated, `nx run ${SERVICE}:migrate`);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const tables = await client.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
        );
        expect(tables.rows.map((r) => r.name)).toEqual(
          expect.arrayContaining(['award', 'outbox', 'inbox', 'idempotency_key', 'migrations']),
        );
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });

  it('registers its topic (partitions, kept forever) and its event contract in @wco/contracts', () => {
    expectSuccess(generated, 'nx g');
    const probe = ws.run('node', [
      '--require',
      '@swc-node/register',
      '-e',
      `const c = require('./libs/contracts/src/index.ts');
       const t = c.topicDefinition('${TOPIC}');
       const e = c.findEventContract('org.wcoomd.grant.award.created.v1');
       console.log(JSON.stringify({ topic: t, config: c.topicConfigEntries(t), eventTopic: e && e.topic, exported: typeof c.AwardCreatedEvent }));`,
    ]);
    expectSuccess(probe, 'reading the scratch registry');
    const facts = JSON.parse(probe.output.trim().split('\n').pop() ?? '{}');
    expect(facts).toMatchObject({
      topic: { name: TOPIC, partitions: 6, retentionMs: 'forever', cleanupPolicy: 'delete', key: 'award id' },
      config: [
        { name: 'retention.ms', value: '-1' },
        { name: 'cleanup.policy', value: 'delete' },
      ],
      eventTopic: TOPIC,
      exported: 'function',
    });
  });

  it('adds the compose service, the Kustomize base, the database and role, and the README rows', () => {
    expectSuccess(generated, 'nx g');
    const compose = parse(read('docker-compose.yml')) as {
      services: Record<string, { environment: Record<string, string>; ports: string[]; command: string[] }>;
    };
    expect(Object.keys(compose.services)).toEqual([...Object.keys(compose.services)].sort());
    expect(compose.services[SERVICE]).toMatchObject({
      environment: { SERVICE_NAME: SERVICE, PORT: String(port), OTEL_SERVICE_NAME: SERVICE },
      ports: [`127.0.0.1:${port}:${port}`],
      command: ['--require', './libs/telemetry/src/register.ts', `${APP}/src/main.ts`],
    });
    expect((parse(read('deploy/base/kustomization.yaml')) as { resources: string[] }).resources).toContain(SERVICE);
    const kinds = ['deployment', 'service', 'horizontal-pod-autoscaler', 'pod-disruption-budget', 'kustomization'].map(
      (f) => (parse(read(`deploy/base/${SERVICE}/${f}.yaml`)) as { kind?: string }).kind ?? 'Kustomization',
    );
    expect(kinds).toEqual(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Kustomization']);
    const databases = parseAllDocuments(read('deploy/postgres/databases.yaml')).map(
      (d) => d.toJS() as { spec: { name: string; owner: string } },
    );
    expect(databases.map((d) => d.spec)).toContainEqual({
      name: 'budget_grants',
      owner: 'budget_grants',
      cluster: { name: 'wco-postgres' },
    });
    // Production gives every service the same replica floor and resources as intel-exchange.
    const prod = parse(read('deploy/overlays/prod/kustomization.yaml')) as {
      configMapGenerator: { name: string }[];
      patches: { target: { kind: string; name?: string } }[];
    };
    expect(prod.configMapGenerator.map((g) => g.name)).toContain(`${SERVICE}-config`);
    expect(
      prod.patches
        .filter((p) => p.target.name === SERVICE)
        .map((p) => p.target.kind)
        .sort(),
    ).toEqual(['Deployment', 'HorizontalPodAutoscaler']);
    const readme = read('README.md');
    // Prettier aligns the table, so the cells may be padded.
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${SERVICE}\` `));
    expect(row?.split('|').map((c) => c.trim())).toEqual(
      expect.arrayContaining([
        `\`${SERVICE}\``,
        'Grants awarded from the budget, and their audit stream',
        expect.stringContaining(`http://127.0.0.1:${port}/docs`),
      ]),
    );
  });

  it('gives it its own KafkaUser, the DLQ replay and auditor rights on its topic, its principal row and the SCRAM/TLS wiring', () => {
    expectSuccess(generated, 'nx g');
    const users = parseAllDocuments(read('deploy/kafka/users.yaml')).map((d) => d.toJS() as KafkaUserDoc);
    const topicAcls = (user: string): string[] =>
      (users.find((u) => u.metadata.name === user)?.spec.authorization.acls ?? [])
        .filter((a) => a.resource.type === 'topic')
        .map((a) => `${a.resource.name}:${[...a.operations].sort().join('+')}`);
    expect(users.find((u) => u.metadata.name === SERVICE)?.spec.authentication.type).toBe('scram-sha-512');
    // It consumes nothing yet: it may write its own topic and read none.
    expect(topicAcls(SERVICE)).toEqual([`${TOPIC}:Describe+Write`]);
    expect(topicAcls('dlq-replay')).toEqual(expect.arrayContaining([`${TOPIC}.dlq:Describe+Read`, `${TOPIC}:Describe+Write`]));
    expect(topicAcls('auditor')).toEqual(expect.arrayContaining([`${TOPIC}:Describe+Read`, `${TOPIC}.dlq:Describe+Read`]));
    expect(read('deploy/kafka-principals.ts')).toContain(`'${SERVICE}': { produces: ['${TOPIC}'], consumes: [] },`);
    const config = read(`deploy/base/${SERVICE}/kustomization.yaml`);
    for (const setting of [
      'KAFKA_BROKERS=wco-kafka-kafka-bootstrap:9093',
      'KAFKA_SASL_MECHANISM=scram-sha-512',
      `KAFKA_SASL_USERNAME=${SERVICE}`,
      'KAFKA_SSL_CA_FILE=/etc/kafka-cluster-ca/ca.crt',
      'KAFKA_CREATE_TOPICS=false',
    ]) {
      expect({ setting, present: config.includes(setting) }).toEqual({ setting, present: true });
    }
    const deployment = parse(read(`deploy/base/${SERVICE}/deployment.yaml`)) as {
      spec: { template: { spec: { containers: { env: { name: string; valueFrom?: unknown }[] }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0].env.find((e) => e.name === 'KAFKA_SASL_PASSWORD')?.valueFrom).toEqual({
      secretKeyRef: { name: SERVICE, key: 'password' },
    });
  });

  it('re-runs its deploy part with service-deploy without changing a file', () => {
    expectSuccess(generated, 'nx g');
    const snapshot = (): Record<string, string> => {
      const files: Record<string, string> = {};
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir)) {
          const path = join(dir, entry);
          if (statSync(path).isDirectory()) walk(path);
          else files[relative(ws.root, path)] = readFileSync(path, 'utf8');
        }
      };
      walk(ws.path('deploy'));
      files['docker-compose.yml'] = read('docker-compose.yml');
      return files;
    };
    const before = snapshot();
    expectSuccess(ws.run('npx', ['nx', 'g', '@wco/tools:service-deploy', SERVICE, ...OPTIONS, '--no-interactive']), 'nx g service-deploy');
    const after = snapshot();
    expect(Object.keys(after).filter((f) => after[f] !== before[f])).toEqual([]);
  });

  it('type-checks the generated service and the changed libs under the strict tsconfig', () => {
    expectSuccess(generated, 'nx g');
    // The fuzz spec calls fuzzOpenApi of @wco/testing; until that lib exports it, that one file is left out.
    const fuzzReady = /\bfuzzOpenApi\b/.test(read('libs/testing/src/index.ts'));
    writeFileSync(
      ws.path('tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true },
        include: [`${APP}/**/*.ts`, 'libs/**/*.ts', 'deploy/**/*.ts'],
        exclude: fuzzReady ? [] : [`${APP}/src/${SERVICE}.fuzz.int-spec.ts`],
      }),
    );
    if (!fuzzReady) console.warn(`@wco/testing has no fuzzOpenApi yet: ${SERVICE}.fuzz.int-spec.ts was not type-checked`);
    expectSuccess(ws.run('npx', ['tsc', '-p', 'tsconfig.generated.json']), 'tsc --noEmit');
  });

  it('lints the generated service with --max-warnings=0 and module boundaries enforced', () => {
    expectSuccess(generated, 'nx g');
    expectSuccess(ws.run('npx', ['nx', 'show', 'projects']), 'nx show projects (the project graph the boundary rule reads)');
    expectSuccess(ws.run('npx', ['eslint', '--max-warnings=0', APP, 'libs/contracts', 'deploy']), 'eslint');
    // The rule is really on: an app may not import a tool.
    writeFileSync(ws.path(APP, 'src/boundary-probe.ts'), "export { serviceGenerator } from '@wco/tools';\n");
    const probe = ws.run('npx', ['eslint', '--max-warnings=0', `${APP}/src/boundary-probe.ts`]);
    expect(probe.status).not.toBe(0);
    expect(probe.output).toContain('@nx/enforce-module-boundaries');
  });

  it("passes the repository's compose, Kubernetes and contract checks and its own tests against PostgreSQL and Kafka", () => {
    expectSuccess(generated, 'nx g');
    const result = ws.run('npx', [
      'jest',
      '--ci',
      '--maxWorkers=1',
      'deploy/deploy.spec.ts',
      'libs/contracts/src/lib/topics',
      'libs/contracts/src/lib/validation',
      `${APP}/src/awards`,
      `${APP}/src/${SERVICE}.int-spec.ts`,
    ]);
    expectSuccess(result, 'jest in the scratch tree');
    expect(result.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(result.output).not.toMatch(/skipped|todo/);
  });
});
