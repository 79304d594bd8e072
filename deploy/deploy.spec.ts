// What someone running the platform relies on in docker-compose.yml, the Dockerfile and the Kubernetes
// manifests, checked without a Docker engine or a cluster: dclint, the parsed files, `kubectl kustomize`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { DCLinter } from 'dclint';
import { parse, parseAllDocuments } from 'yaml';
import { allTopicDefinitions, topicConfigEntries } from '@wco/contracts';
import { SERVICE_PRINCIPALS } from './kafka-principals';
import { renderKafkaTopics } from './kafka-topics.render';

const root = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
// The services `npm start` runs (scripts/platform.sh): every app with a main.ts.
const appServices = readdirSync(join(root, 'apps')).filter((app) => existsSync(join(root, 'apps', app, 'src/main.ts')));

type Env = Record<string, string>;
interface ComposeService {
  image?: string;
  build?: unknown;
  pull_policy?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  command?: string[];
  healthcheck?: { test: string[] };
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
  const services = compose.services;
  const env = (name: string): Env => Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, String(v)]));
  // Services built from the Dockerfile that keep running (kafka-init is a one-shot job).
  const platformServices = Object.keys(services).filter((s) => services[s].build && s !== 'kafka-init');

  it('passes dclint (schema and best-practice rules) with no error and no warning', () => {
    const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
    const [result] = linter.lintFiles([join(root, 'docker-compose.yml')], false);
    expect(result.messages.map((m) => `${m.line}:${m.column} ${m.rule} ${m.message}`)).toEqual([]);
    expect(result.errorCount + result.warningCount).toBe(0);
  });

  it('brings up Kafka, PostgreSQL, the collector, Jaeger, Prometheus, Grafana, the topic job and every service in apps/, all images pinned', () => {
    expect(appServices).toContain('intel-exchange');
    expect(Object.keys(services).sort()).toEqual(
      ['grafana', 'jaeger', 'kafka', 'kafka-init', 'otel-collector', 'postgres', 'prometheus', ...appServices].sort(),
    );
    for (const [name, service] of Object.entries(services)) {
      const tag = (service.image ?? '').split('/').pop()?.split(':')[1];
      // Prometheus tags its releases v3.5.0.
      expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(/^v?\d+(\.\d+)+$/) });
      // A locally built image must never be pulled from a registry under the same name.
      if (service.build) expect({ name, pull: service.pull_policy }).toEqual({ name, pull: 'build' });
    }
  });

  it('publishes intel-exchange on 127.0.0.1:3001 and probes /health/ready on the port it listens on', () => {
    const service = services['intel-exchange'];
    expect(env('intel-exchange')['PORT']).toBe('3001');
    expect(service.ports).toEqual(['127.0.0.1:3001:3001']);
    expect(service.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3001/health/ready');
  });

  it('starts a service only once the broker and the database are healthy and the topics exist', () => {
    expect(platformServices).toContain('intel-exchange');
    for (const name of platformServices) {
      expect({ name, dependsOn: services[name].depends_on }).toEqual({
        name,
        dependsOn: expect.objectContaining({
          kafka: { condition: 'service_healthy' },
          postgres: { condition: 'service_healthy' },
          'kafka-init': { condition: 'service_completed_successfully' },
        }),
      });
    }
    expect(services['kafka-init'].depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
    expect(services['kafka-init'].command).toEqual(['scripts/create-topics.ts']);
    // `service_healthy` on a service without a healthcheck would never start its dependants.
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[target]).toBeDefined();
        if (condition === 'service_healthy')
          expect({ name, target, healthcheck: !!services[target].healthcheck }).toEqual({ name, target, healthcheck: true });
      }
    }
  });

  it('points every service at the in-network broker, database and collector, with the development issuer', () => {
    const kafka = env('kafka');
    const internal = kafka['KAFKA_ADVERTISED_LISTENERS']
      .split(',')
      .find((l) => l.startsWith(`${kafka['KAFKA_INTER_BROKER_LISTENER_NAME']}://`));
    const postgres = env('postgres');
    for (const name of [...platformServices, 'kafka-init']) {
      expect({ name, brokers: env(name)['KAFKA_BROKERS'] }).toEqual({ name, brokers: internal?.split('://')[1] });
    }
    for (const name of platformServices) {
      const e = env(name);
      const db = new URL(e['DATABASE_URL']);
      expect({ name, host: db.host, user: db.username, password: db.password }).toEqual({
        name,
        host: 'postgres:5432',
        user: postgres['POSTGRES_USER'],
        password: postgres['POSTGRES_PASSWORD'],
      });
      expect({ name, otlp: e['OTEL_EXPORTER_OTLP_ENDPOINT'], service: e['OTEL_SERVICE_NAME'] }).toEqual({
        name,
        otlp: 'http://otel-collector:4318',
        service: name,
      });
      // The configuration refuses the development issuer under NODE_ENV=production.
      expect({ name, devIssuer: e['AUTH_DEV_ISSUER'], nodeEnv: e['NODE_ENV'] }).toEqual({
        name,
        devIssuer: 'true',
        nodeEnv: 'development',
      });
      // Services bind 127.0.0.1 by default, which nothing outside the container can reach.
      expect({ name, host: e['HOST'] }).toEqual({ name, host: '0.0.0.0' });
    }
  });

  it('runs Kafka as a single KRaft node whose groups and transactions get a coordinator, with auto-creation off', () => {
    expect(services['kafka'].image).toMatch(/^apache\/kafka:4\./);
    expect(env('kafka')).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    });
    expect(services['postgres'].image).toMatch(/^postgres:15\./);
  });

  it('forwards traces from the collector to Jaeger with the mounted configuration', () => {
    const mount = (services['otel-collector'].volumes ?? []).find((v) => v.includes('otel-collector.yaml'));
    const [source, target] = (mount ?? '').split(':');
    expect(services['otel-collector'].command).toEqual([`--config=${target}`]);
    const config = parse(read(source)) as {
      receivers: { otlp: { protocols: { http: { endpoint: string } } } };
      exporters: Record<string, { endpoint?: string }>;
      service: { pipelines: { traces: { receivers: string[]; exporters: string[] } } };
    };
    expect(config.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    const traces = config.service.pipelines.traces;
    expect(traces.receivers).toEqual(['otlp']);
    expect(traces.exporters.map((e) => config.exporters[e].endpoint)).toEqual(['jaeger:4317']);
    expect(services['jaeger'].healthcheck).toBeDefined();
  });

  it('runs files that exist in the repository', () => {
    const files = Object.values(services)
      .filter((s) => s.build)
      .flatMap((s) => s.command ?? [])
      .filter((arg) => arg.endsWith('.ts'))
      .map((arg) => arg.replace(/^\.\//, ''));
    expect(files).toEqual(expect.arrayContaining([...appServices.map((app) => `apps/${app}/src/main.ts`), 'scripts/create-topics.ts']));
    expect(files.filter((f) => !existsSync(join(root, f)))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'));
  const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };

  it('builds from a pinned Node 24 image and installs production dependencies only', () => {
    expect(lines.find((l) => l.startsWith('ARG NODE_IMAGE='))).toMatch(/=node:24\.\d+\.\d+-bookworm-slim$/);
    expect(lines.filter((l) => l.startsWith('FROM')).every((l) => l.startsWith('FROM ${NODE_IMAGE}'))).toBe(true);
    expect(lines.some((l) => /npm ci --omit=dev/.test(l))).toBe(true);
  });

  it('runs TypeScript sources with packages that survive `npm ci --omit=dev`', () => {
    expect(lines.find((l) => l.startsWith('ENTRYPOINT'))).toContain('"--require", "@swc-node/register"');
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['@swc-node/register', '@swc/core']));
    // typescript is a devDependency but also a peer of @swc-node/register, which needs it at run time.
    expect(lock.packages['node_modules/typescript']).toBeDefined();
    expect(lock.packages['node_modules/typescript'].dev).not.toBe(true);
  });

  it('runs as a non-root numeric user, and keeps local state out of the build context', () => {
    const user = lines.filter((l) => l.startsWith('USER')).pop();
    expect(user).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', '.local', '.env']));
  });
});

// Who consumes and who produces each topic: the services' rows in deploy/kafka-principals.ts (written by hand, or
// added by the service generator) and the other principals here, independently of deploy/kafka/users.yaml: the ACLs
// must grant exactly this. A service reads only what it consumes, and dead-letters only what it consumes.
const EVENT_TOPICS = allTopicDefinitions()
  .filter((t) => !t.name.endsWith('.dlq'))
  .map((t) => t.name);
const DLQS = allTopicDefinitions()
  .filter((t) => t.name.endsWith('.dlq'))
  .map((t) => t.name);
// Audit streams are the topics kept forever.
const AUDIT_STREAMS = allTopicDefinitions()
  .filter((t) => !t.name.endsWith('.dlq') && t.retentionMs === 'forever')
  .map((t) => t.name);
const KAFKA_PRINCIPALS: Record<string, { reads: string[]; writes: string[]; groups: string[] }> = {
  ...Object.fromEntries(
    Object.entries(SERVICE_PRINCIPALS).map(([name, p]) => [
      name,
      {
        reads: [...p.consumes],
        writes: [...p.produces, ...p.consumes.map((t) => `${t}.dlq`)],
        groups: p.consumes.length > 0 ? [name] : [],
      },
    ]),
  ),
  auditor: { reads: AUDIT_STREAMS.flatMap((t) => [t, `${t}.dlq`]), writes: [], groups: ['auditor-'] },
  'dlq-replay': { reads: DLQS, writes: EVENT_TOPICS, groups: ['dlq-replay-'] },
};

describe('deploy/kafka-principals.ts (who produces and consumes what)', () => {
  it('has a row for every service in apps/, and every topic of the registry has exactly one producing service', () => {
    expect(appServices.filter((app) => !SERVICE_PRINCIPALS[app])).toEqual([]);
    const producers = Object.entries(SERVICE_PRINCIPALS).flatMap(([name, p]) => p.produces.map((topic) => ({ topic, name })));
    expect(producers.map((p) => p.topic).sort()).toEqual([...EVENT_TOPICS].sort());
    const consumed = Object.values(SERVICE_PRINCIPALS).flatMap((p) => p.consumes);
    expect(consumed.filter((t) => !EVENT_TOPICS.includes(t))).toEqual([]);
  });
});

interface KafkaAcl {
  resource: { type: string; name: string; patternType?: string };
  operations: string[];
  host?: string;
}

describe('deploy/kafka/users.yaml (Kafka principals and their ACLs)', () => {
  const users = parseAllDocuments(read('deploy/kafka/users.yaml')).map((d) => d.toJS() as K8sObject);
  const aclsOf = (name: string): KafkaAcl[] => users.find((u) => u.metadata.name === name)?.spec.authorization.acls ?? [];
  const topicsWith = (name: string, operation: string) =>
    aclsOf(name)
      .filter((a) => a.resource.type === 'topic' && a.operations.includes(operation))
      .map((a) => a.resource.name)
      .sort();

  it('declares one principal per consumer, authenticated, with simple authorization, in the wco-kafka cluster', () => {
    expect(users.map((u) => u.metadata.name).sort()).toEqual(Object.keys(KAFKA_PRINCIPALS).sort());
    for (const u of users) {
      expect({
        user: u.metadata.name,
        kind: u.kind,
        cluster: u.metadata.labels?.['strimzi.io/cluster'],
        authorization: u.spec.authorization.type,
      }).toEqual({
        user: u.metadata.name,
        kind: 'KafkaUser',
        cluster: 'wco-kafka',
        authorization: 'simple',
      });
      expect(['scram-sha-512', 'tls']).toContain(u.spec.authentication.type);
    }
  });

  it('lets each principal read exactly the topics it consumes and write exactly those it produces', () => {
    for (const [name, expected] of Object.entries(KAFKA_PRINCIPALS)) {
      expect({ user: name, reads: topicsWith(name, 'Read'), writes: topicsWith(name, 'Write') }).toEqual({
        user: name,
        reads: [...expected.reads].sort(),
        writes: [...expected.writes].sort(),
      });
      const groups = aclsOf(name).filter((a) => a.resource.type === 'group');
      expect({ user: name, groups: groups.map((g) => g.resource.name).sort() }).toEqual({
        user: name,
        groups: [...expected.groups].sort(),
      });
    }
  });

  it('grants nothing wider than named topics: no wildcard or prefix on topics, no cluster rights, groups only joined', () => {
    for (const u of users) {
      for (const acl of aclsOf(u.metadata.name)) {
        const where = `${u.metadata.name} ${acl.resource.type}:${acl.resource.name}`;
        expect({ where, type: acl.resource.type }).toEqual({ where, type: expect.stringMatching(/^(topic|group)$/) });
        expect({ where, host: acl.host ?? '*' }).toEqual({ where, host: '*' });
        if (acl.resource.type === 'topic') {
          expect({ where, pattern: acl.resource.patternType, name: acl.resource.name }).toEqual({
            where,
            pattern: 'literal',
            name: expect.not.stringContaining('*'),
          });
          expect({ where, operations: acl.operations.filter((o) => !['Describe', 'Read', 'Write'].includes(o)) }).toEqual({
            where,
            operations: [],
          });
        } else {
          expect({ where, operations: acl.operations }).toEqual({ where, operations: ['Read'] });
        }
      }
    }
  });

  it('gives the auditor read-only access to the audit streams', () => {
    const operations = new Set(aclsOf('auditor').flatMap((a) => a.operations));
    expect([...operations].sort()).toEqual(['Describe', 'Read']);
    expect(topicsWith('auditor', 'Read')).toEqual(expect.arrayContaining(AUDIT_STREAMS));
  });

  it('names only topics of the registry, or the audit stream budget-audit will bring', () => {
    const known = new Set([...allTopicDefinitions().map((t) => t.name), 'budget.ledger.v1', 'budget.ledger.v1.dlq']);
    const named = users.flatMap((u) =>
      aclsOf(u.metadata.name)
        .filter((a) => a.resource.type === 'topic')
        .map((a) => a.resource.name),
    );
    expect(named.filter((t) => !known.has(t))).toEqual([]);
  });
});

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

type JsonSchema = { [key: string]: unknown };
/**
 * kubectl validates strictly by default (1.27+): a field the schema does not declare is an error, except under
 * x-kubernetes-preserve-unknown-fields. The CRD schemas leave that to the API server's pruning, so it is added here.
 */
function strictSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (out['properties'] && !out['x-kubernetes-preserve-unknown-fields'] && out['additionalProperties'] === undefined)
    out['additionalProperties'] = false;
  for (const key of ['properties', 'patternProperties']) {
    if (out[key])
      out[key] = Object.fromEntries(Object.entries(out[key] as Record<string, JsonSchema>).map(([k, v]) => [k, strictSchema(v)]));
  }
  for (const key of ['items', 'additionalProperties', 'not'])
    if (out[key] && typeof out[key] === 'object') out[key] = strictSchema(out[key] as JsonSchema);
  for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(out[key])) out[key] = (out[key] as JsonSchema[]).map(strictSchema);
  return out;
}

const compiledCrds = new Map<string, Record<string, ValidateFunction>>();
/** The vendored CRD schemas of one operator (deploy/schemas/<dir>, see its README) by kind, compiled once with ajv. */
function crdValidators(vendored: 'strimzi' | 'cloudnative-pg'): Record<string, ValidateFunction> {
  const cached = compiledCrds.get(vendored);
  if (cached) return cached;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const dir = join(__dirname, 'schemas', vendored);
  const compiled = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { kind: string; schema: JsonSchema })
      .map((s) => [s.kind, ajv.compile(strictSchema(s.schema))]),
  );
  compiledCrds.set(vendored, compiled);
  return compiled;
}

const kubectlPath = (process.env['PATH'] ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'kubectl'))
  .find((file) => existsSync(file));

describe.each(['dev', 'prod'])('deploy/overlays/%s', (overlay) => {
  let objects: K8sObject[] = [];
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const one = (kind: string, name: string): K8sObject => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`${kind}/${name} is not in the ${overlay} overlay`);
    return found;
  };
  const rendered = (): boolean => {
    if (kubectlPath) return true;
    console.warn(`kubectl is not on PATH: the ${overlay} overlay was not built with \`kubectl kustomize\` and not checked`);
    return false;
  };

  beforeAll(() => {
    if (!kubectlPath) return;
    const out = execFileSync(kubectlPath, ['kustomize', join(root, 'deploy/overlays', overlay)], { encoding: 'utf8' });
    objects = parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
  });

  it('puts every namespaced object in the wco namespace and contains no Secret', () => {
    if (!rendered()) return;
    expect(of('Namespace').map((n) => n.metadata.name)).toEqual(['wco']);
    expect(
      objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'wco').map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual([]);
    expect(of('Secret')).toEqual([]);
  });

  it('gives every Deployment liveness and readiness probes and resource requests and limits', () => {
    if (!rendered()) return;
    expect(of('Deployment').map((d) => d.metadata.name)).toContain('intel-exchange');
    for (const deployment of of('Deployment')) {
      for (const c of deployment.spec.template.spec.containers) {
        const where = `${deployment.metadata.name}/${c.name}`;
        expect({ where, live: c.livenessProbe?.httpGet?.path, ready: c.readinessProbe?.httpGet?.path }).toEqual({
          where,
          live: '/health/live',
          ready: '/health/ready',
        });
        expect({ where, resources: c.resources }).toEqual({
          where,
          resources: {
            requests: { cpu: expect.any(String), memory: expect.any(String) },
            limits: { cpu: expect.any(String), memory: expect.any(String) },
          },
        });
      }
    }
  });

  it('starts every container on source files that exist in the repository', () => {
    if (!rendered()) return;
    const files = of('Deployment')
      .flatMap((d) => d.spec.template.spec.containers.flatMap((c: { args?: string[] }) => c.args ?? []))
      .filter((arg: string) => arg.endsWith('.ts'))
      .map((arg: string) => arg.replace(/^\.\//, ''));
    expect(files).toEqual(expect.arrayContaining(appServices.map((app) => `apps/${app}/src/main.ts`)));
    expect(files.filter((f: string) => !existsSync(join(root, f)))).toEqual([]);
  });

  it('runs every container as non-root, without privilege escalation, on a read-only root filesystem', () => {
    if (!rendered()) return;
    for (const deployment of of('Deployment')) {
      const pod = deployment.spec.template.spec;
      for (const c of pod.containers) {
        expect({ name: c.name, ...c.securityContext }).toMatchObject({
          name: c.name,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
      }
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    }
  });

  it('gives every Deployment a Service, a PodDisruptionBudget and an autoscaler that owns its replica count', () => {
    if (!rendered()) return;
    for (const deployment of of('Deployment')) {
      const name = deployment.metadata.name;
      const podLabels = deployment.spec.template.metadata.labels;
      expect(podLabels).toMatchObject(one('Service', name).spec.selector);
      expect(podLabels).toMatchObject(one('PodDisruptionBudget', name).spec.selector.matchLabels);
      const hpa = one('HorizontalPodAutoscaler', name).spec;
      expect(hpa.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.minReplicas).toBeLessThanOrEqual(hpa.maxReplicas);
      expect(deployment.spec.replicas).toBeUndefined();
    }
  });

  it('reads database credentials from a Secret that is referenced, not included, and shared with the CloudNativePG role', () => {
    if (!rendered()) return;
    const cluster = one('Cluster', 'wco-postgres');
    for (const deployment of of('Deployment')) {
      const container = deployment.spec.template.spec.containers[0];
      const configName = container.envFrom[0].configMapRef.name;
      const config = one('ConfigMap', configName).data ?? {};
      const secretOf = (variable: string): string =>
        container.env.find((e: { name: string }) => e.name === variable)?.valueFrom?.secretKeyRef?.name;
      const secret = secretOf('DATABASE_PASSWORD');
      expect(secretOf('DATABASE_USER')).toBe(secret);
      expect(container.env.find((e: { name: string }) => e.name === 'DATABASE_URL').value).toBe(
        'postgres://$(DATABASE_USER):$(DATABASE_PASSWORD)@$(DATABASE_HOST):5432/$(DATABASE_NAME)',
      );
      expect(config['DATABASE_HOST']).toBe(`${cluster.metadata.name}-rw`);
      const role = cluster.spec.managed.roles.find((r: { passwordSecret?: { name: string } }) => r.passwordSecret?.name === secret);
      expect({ deployment: deployment.metadata.name, role: role?.login }).toEqual({ deployment: deployment.metadata.name, role: true });
      const database = of('Database').find((d) => d.spec.name === config['DATABASE_NAME']);
      expect(database?.spec).toEqual({ name: config['DATABASE_NAME'], owner: role.name, cluster: { name: cluster.metadata.name } });
    }
  });

  it('makes every service reachable in its pod and uses the development issuer only outside production', () => {
    if (!rendered()) return;
    for (const deployment of of('Deployment')) {
      const container = deployment.spec.template.spec.containers[0];
      const config = one('ConfigMap', container.envFrom[0].configMapRef.name).data ?? {};
      const port = container.ports.find((p: { name: string }) => p.name === 'http').containerPort;
      expect({ host: config['HOST'], port: config['PORT'] }).toEqual({ host: '0.0.0.0', port: String(port) });
      const devIssuer = config['AUTH_DEV_ISSUER'] === 'true';
      expect({ devIssuer, nodeEnv: config['NODE_ENV'] }).toEqual(
        overlay === 'prod' ? { devIssuer: false, nodeEnv: 'production' } : { devIssuer: true, nodeEnv: 'development' },
      );
      // Without the development issuer, the service verifies tokens of the installation's OIDC provider.
      if (!devIssuer) expect(Object.keys(config)).toEqual(expect.arrayContaining(['AUTH_ISSUER', 'AUTH_JWKS_URL', 'AUTH_AUDIENCE']));
    }
  });

  it('points the services at the Strimzi bootstrap service of the Kafka cluster, on a listener that authenticates', () => {
    if (!rendered()) return;
    const kafka = one('Kafka', 'wco-kafka');
    const scram = kafka.spec.kafka.listeners.find((l: { authentication?: { type: string } }) => l.authentication?.type === 'scram-sha-512');
    expect(scram.tls).toBe(true);
    for (const config of of('ConfigMap')) {
      expect(config.data?.['KAFKA_BROKERS']).toBe(`${kafka.metadata.name}-kafka-bootstrap:${scram.port}`);
    }
  });

  it('lets no client in without a principal: every listener authenticates over TLS, and ACLs are enforced', () => {
    if (!rendered()) return;
    const kafka = one('Kafka', 'wco-kafka').spec.kafka;
    expect(kafka.authorization).toEqual({ type: 'simple' });
    for (const l of kafka.listeners) {
      expect({ listener: l.name, tls: l.tls, authentication: l.authentication?.type }).toEqual({
        listener: l.name,
        tls: true,
        authentication: expect.stringMatching(/^(scram-sha-512|tls)$/),
      });
    }
    // The User Operator turns the KafkaUsers into principals and ACLs.
    expect(one('Kafka', 'wco-kafka').spec.entityOperator.userOperator).toBeDefined();
    expect(
      of('KafkaUser')
        .map((u) => u.metadata.name)
        .sort(),
    ).toEqual(Object.keys(KAFKA_PRINCIPALS).sort());
  });

  it('connects each service as its own KafkaUser, with the password from the Secret the User Operator writes', () => {
    if (!rendered()) return;
    for (const deployment of of('Deployment')) {
      const name = deployment.metadata.name;
      const container = deployment.spec.template.spec.containers[0];
      const config = one('ConfigMap', container.envFrom[0].configMapRef.name).data ?? {};
      const user = one('KafkaUser', config['KAFKA_SASL_USERNAME']);
      expect({ name, user: user.metadata.name, mechanism: config['KAFKA_SASL_MECHANISM'], type: user.spec.authentication.type }).toEqual({
        name,
        user: name,
        mechanism: 'scram-sha-512',
        type: 'scram-sha-512',
      });
      const password = container.env.find((e: { name: string }) => e.name === 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef;
      expect(password).toEqual({ name: user.metadata.name, key: 'password' });
      // The brokers' certificates are verified against the cluster CA, mounted from Strimzi's Secret.
      const mount = container.volumeMounts.find((m: { mountPath: string }) => config['KAFKA_SSL_CA_FILE']?.startsWith(`${m.mountPath}/`));
      const volume = deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount?.name);
      expect(volume?.secret?.secretName).toBe('wco-kafka-cluster-ca-cert');
      expect(config['KAFKA_CREATE_TOPICS']).toBe('false');
    }
  });

  it('keeps deploy/kafka/topics.yaml generated from the topic registry (run scripts/generate-k8s-topics.ts)', () => {
    expect(read('deploy/kafka/topics.yaml')).toBe(renderKafkaTopics());
  });

  it('declares every registry topic with its partitions and a 3-partition DLQ, replicated within the broker count', () => {
    if (!rendered()) return;
    const brokers = of('KafkaNodePool')
      .filter((p) => p.spec.roles.includes('broker'))
      .reduce((n, p) => n + p.spec.replicas, 0);
    const minIsr = one('Kafka', 'wco-kafka').spec.kafka.config['min.insync.replicas'];
    const topics = new Map(of('KafkaTopic').map((t) => [t.spec.topicName ?? t.metadata.name, t]));
    const expected = allTopicDefinitions();
    expect([...topics.keys()].sort()).toEqual(expected.map((t) => t.name).sort());
    for (const t of expected) {
      const topic = topics.get(t.name) as K8sObject;
      const config = Object.fromEntries(topicConfigEntries(t).map((c) => [c.name, /^-?\d+$/.test(c.value) ? Number(c.value) : c.value]));
      expect({ name: t.name, partitions: topic.spec.partitions, config: topic.spec.config }).toEqual({
        name: t.name,
        partitions: t.partitions,
        config,
      });
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe('wco-kafka');
      // Writes with acks=all need min.insync.replicas live replicas: a topic with fewer replicas refuses them.
      expect(topic.spec.replicas).toBeLessThanOrEqual(brokers);
      expect(topic.spec.replicas).toBeGreaterThanOrEqual(minIsr);
    }
    expect(topics.get('intel.access.v1')?.spec.config).toEqual({ 'retention.ms': -1, 'cleanup.policy': 'delete' });
    expect(one('Kafka', 'wco-kafka').spec.kafka.config['auto.create.topics.enable']).toBe(false);
  });

  it('runs a migration Job per service with the Deployment’s image, configuration and database Secret, on its migrate entry', () => {
    if (!rendered()) return;
    const jobs = of('Job');
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual(
      of('Deployment')
        .map((d) => `${d.metadata.name}-migrate`)
        .sort(),
    );
    for (const deployment of of('Deployment')) {
      const name = deployment.metadata.name;
      const job = one('Job', `${name}-migrate`);
      const service = deployment.spec.template.spec.containers[0];
      const pod = job.spec.template.spec;
      const migrate = pod.containers[0];
      expect({ name, image: migrate.image, config: migrate.envFrom, restart: pod.restartPolicy }).toEqual({
        name,
        image: service.image,
        config: service.envFrom,
        restart: 'Never',
      });
      for (const variable of ['DATABASE_USER', 'DATABASE_PASSWORD', 'DATABASE_URL']) {
        const env = (c: { env: { name: string }[] }) => c.env.find((e) => e.name === variable);
        expect({ name, variable, env: env(migrate) }).toEqual({ name, variable, env: env(service) });
      }
      const entry = (migrate.args as string[]).filter((a) => a.endsWith('.ts')).pop();
      expect({ name, entry }).toEqual({ name, entry: `apps/${name}/src/database/migrate.ts` });
      expect(existsSync(join(root, entry ?? ''))).toBe(true);
      expect({ name, ...migrate.securityContext }).toMatchObject({
        name,
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      expect(job.spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'migration' });
      expect(job.spec.backoffLimit).toBeGreaterThan(0);
    }
  });

  it('exposes only the gateway through the Ingress, over TLS, to the gateway Service’s port', () => {
    if (!rendered()) return;
    const ingresses = of('Ingress');
    expect(ingresses.map((i) => i.metadata.name)).toEqual(['gateway']);
    const spec = ingresses[0].spec;
    const backends = spec.rules.flatMap((r: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }) =>
      r.http.paths.map((p) => p.backend.service),
    );
    expect(backends).toEqual([{ name: 'gateway', port: { name: 'http' } }]);
    expect(one('Service', 'gateway').spec.ports.map((p: { name: string }) => p.name)).toContain('http');
    expect(spec.tls[0].secretName).toBe('gateway-tls');
    expect(spec.tls[0].hosts).toEqual(spec.rules.map((r: { host: string }) => r.host));
  });

  describe('network policies (evaluated here as Kubernetes would, with the policy Strimzi writes for each listener)', () => {
    type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
    interface PolicyPeer {
      podSelector?: Selector;
      namespaceSelector?: Selector;
      ipBlock?: { cidr: string; except?: string[] };
    }
    interface PolicyRule {
      from?: PolicyPeer[];
      to?: PolicyPeer[];
      ports?: { protocol?: string; port?: number | string }[];
    }
    interface Policy {
      podSelector: Selector;
      policyTypes: ('Ingress' | 'Egress')[];
      ingress?: PolicyRule[];
      egress?: PolicyRule[];
    }
    interface Endpoint {
      what: string;
      namespace?: string;
      labels?: Record<string, string>;
      ip?: string;
      /** Named container ports of the pod. */
      ports?: Record<string, number>;
    }

    const selects = (selector: Selector | undefined, labels: Record<string, string> = {}): boolean =>
      Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
      (selector?.matchExpressions ?? []).every((e) => {
        if (e.operator === 'In') return e.values?.includes(labels[e.key]) ?? false;
        if (e.operator === 'NotIn') return !(e.values ?? []).includes(labels[e.key]);
        if (e.operator === 'Exists') return e.key in labels;
        return !(e.key in labels);
      });
    const ipv4 = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const inCidr = (ip: string, cidr: string): boolean => {
      const [base, bits] = cidr.split('/');
      const size = 2 ** (32 - Number(bits));
      return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base) / size);
    };
    const peerMatches = (peer: PolicyPeer, other: Endpoint): boolean => {
      if (peer.ipBlock)
        return !!other.ip && inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip as string, c));
      if (!other.namespace) return false;
      if (peer.namespaceSelector) {
        return (
          selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': other.namespace }) &&
          (!peer.podSelector || selects(peer.podSelector, other.labels))
        );
      }
      return other.namespace === 'wco' && selects(peer.podSelector, other.labels);
    };
    const portMatches = (rule: PolicyRule, target: Endpoint, port: number): boolean =>
      !rule.ports ||
      rule.ports.length === 0 ||
      rule.ports.some(
        (p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port || target.ports?.[String(p.port)] === port),
      );

    let policies: Policy[] = [];
    beforeAll(() => {
      if (!kubectlPath) return;
      policies = of('NetworkPolicy').map((p) => p.spec as Policy);
      // Strimzi's NetworkPolicy for the broker pods: per listener, its port from its networkPolicyPeers (from anyone
      // without), and the replication and control ports from the cluster's own pods.
      const listeners = one('Kafka', 'wco-kafka').spec.kafka.listeners as { port: number; networkPolicyPeers?: PolicyPeer[] }[];
      policies.push({
        podSelector: { matchLabels: { 'strimzi.io/cluster': 'wco-kafka', 'strimzi.io/kind': 'Kafka' } },
        policyTypes: ['Ingress'],
        ingress: [
          ...listeners.map((l) => ({ ports: [{ port: l.port }], ...(l.networkPolicyPeers ? { from: l.networkPolicyPeers } : {}) })),
          { ports: [{ port: 9090 }, { port: 9091 }], from: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': 'wco-kafka' } } }] },
        ],
      });
    });
    const allowed = (direction: 'Ingress' | 'Egress', pod: Endpoint, other: Endpoint, target: Endpoint, port: number): boolean => {
      if (pod.namespace !== 'wco') return true;
      const applying = policies.filter((p) => p.policyTypes.includes(direction) && selects(p.podSelector, pod.labels));
      if (applying.length === 0) return true;
      const rules = applying.flatMap((p) => (direction === 'Ingress' ? p.ingress : p.egress) ?? []);
      return rules.some((r) => {
        const peers = direction === 'Ingress' ? r.from : r.to;
        return (!peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, other))) && portMatches(r, target, port);
      });
    };
    const connects = (from: Endpoint, to: Endpoint, port: number): boolean =>
      allowed('Egress', from, to, to, port) && allowed('Ingress', to, from, to, port);

    const podOf = (name: string): Endpoint => {
      const d = one('Deployment', name);
      const ports = Object.fromEntries(
        d.spec.template.spec.containers[0].ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]),
      );
      return { what: name, namespace: 'wco', labels: d.spec.template.metadata.labels, ports };
    };
    const jobPodOf = (name: string): Endpoint => ({
      what: `${name}-migrate`,
      namespace: 'wco',
      labels: one('Job', `${name}-migrate`).spec.template.metadata.labels,
    });
    const postgres: Endpoint = {
      what: 'postgres',
      namespace: 'wco',
      labels: { 'cnpg.io/cluster': 'wco-postgres', 'cnpg.io/instanceRole': 'primary' },
    };
    const broker: Endpoint = {
      what: 'kafka broker',
      namespace: 'wco',
      labels: { 'strimzi.io/cluster': 'wco-kafka', 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': 'wco-kafka-kafka' },
    };
    const dns: Endpoint = { what: 'dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const collector: Endpoint = { what: 'collector', namespace: 'observability', labels: { 'app.kubernetes.io/name': 'otel-collector' } };
    const prometheus: Endpoint = { what: 'prometheus', namespace: 'observability', labels: { 'app.kubernetes.io/name': 'prometheus' } };
    const ingressController: Endpoint = {
      what: 'ingress controller',
      namespace: 'ingress-nginx',
      labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
    };
    const strangerPod: Endpoint = { what: 'a pod of another namespace', namespace: 'default', labels: { app: 'anything' } };
    const internet: Endpoint = { what: 'a public address (JWKS, webhooks)', ip: '203.0.113.10' };
    const metadataService: Endpoint = { what: 'cloud metadata', ip: '169.254.169.254' };
    const privateAddress: Endpoint = { what: 'a private address', ip: '10.1.2.3' };

    it('denies by default: every pod of the namespace is isolated both ways', () => {
      if (!rendered()) return;
      expect(
        policies.some(
          (p) =>
            Object.keys(p.podSelector).length === 0 &&
            p.policyTypes.includes('Ingress') &&
            p.policyTypes.includes('Egress') &&
            !p.ingress &&
            !p.egress,
        ),
      ).toBe(true);
    });

    it('lets each service reach its database, Kafka, DNS, the collector and public HTTPS, and nothing else', () => {
      if (!rendered()) return;
      const backends = of('Deployment')
        .map((d) => d.metadata.name)
        .filter((n) => n !== 'gateway');
      for (const name of [...backends, 'gateway']) {
        const pod = podOf(name);
        const reach = (to: Endpoint, port: number) => ({ from: name, to: to.what, port, allowed: connects(pod, to, port) });
        const expectReach = (to: Endpoint, port: number, allowedTo: boolean) =>
          expect(reach(to, port)).toEqual({ from: name, to: to.what, port, allowed: allowedTo });
        expectReach(postgres, 5432, true);
        expectReach(broker, 9093, true);
        expectReach(dns, 53, true);
        expectReach(collector, 4318, true);
        expectReach(internet, 443, true);
        expectReach(postgres, 8000, false);
        expectReach(broker, 9091, false);
        expectReach(broker, 9094, false);
        expectReach(metadataService, 80, false);
        expectReach(metadataService, 443, false);
        expectReach(privateAddress, 443, false);
        expectReach(internet, 80, false);
        expectReach(strangerPod, 8080, false);
        for (const other of backends.filter((b) => b !== name)) {
          const target = podOf(other);
          expectReach(target, target.ports?.['http'] as number, name === 'gateway');
          expectReach(target, 9464, false);
        }
      }
    });

    it('lets only the ingress controller reach the gateway, only the gateway reach the services, only Prometheus scrape', () => {
      if (!rendered()) return;
      for (const deployment of of('Deployment')) {
        const name = deployment.metadata.name;
        const pod = podOf(name);
        const http = pod.ports?.['http'] as number;
        const metrics = pod.ports?.['metrics'] as number;
        const check = (from: Endpoint, port: number) => ({ to: name, from: from.what, port, allowed: connects(from, pod, port) });
        expect(check(ingressController, http)).toEqual({ to: name, from: 'ingress controller', port: http, allowed: name === 'gateway' });
        expect(check(prometheus, metrics)).toEqual({ to: name, from: 'prometheus', port: metrics, allowed: true });
        expect(check(prometheus, http)).toEqual({ to: name, from: 'prometheus', port: http, allowed: false });
        expect(check(strangerPod, http)).toEqual({ to: name, from: 'a pod of another namespace', port: http, allowed: false });
        expect(check(internet, http)).toEqual({ to: name, from: 'a public address (JWKS, webhooks)', port: http, allowed: false });
        expect(check(podOf('gateway'), http)).toEqual({ to: name, from: 'gateway', port: http, allowed: name !== 'gateway' });
        expect(check(ingressController, metrics)).toEqual({ to: name, from: 'ingress controller', port: metrics, allowed: false });
      }
    });

    it('lets the migration Jobs reach only their database (and DNS), and nobody reach the database or Kafka but the platform', () => {
      if (!rendered()) return;
      for (const deployment of of('Deployment')) {
        const job = jobPodOf(deployment.metadata.name);
        expect({
          job: job.what,
          postgres: connects(job, postgres, 5432),
          dns: connects(job, dns, 53),
          kafka: connects(job, broker, 9093),
        }).toEqual({
          job: job.what,
          postgres: true,
          dns: true,
          kafka: false,
        });
      }
      expect(connects(strangerPod, postgres, 5432)).toBe(false);
      expect(connects(ingressController, postgres, 5432)).toBe(false);
      expect(connects(strangerPod, broker, 9093)).toBe(false);
      expect(connects(prometheus, postgres, 5432)).toBe(false);
      // The database's own needs: replication between instances and the operator.
      expect(connects({ ...postgres, what: 'standby' }, postgres, 5432)).toBe(true);
      expect(
        connects(
          { what: 'cnpg operator', namespace: 'cnpg-system', labels: { 'app.kubernetes.io/name': 'cloudnative-pg' } },
          postgres,
          8000,
        ),
      ).toBe(true);
      expect(connects({ ...broker, what: 'another broker' }, broker, 9091)).toBe(true);
    });

    it('fails a policy set that lets everything in (the evaluation can fail)', () => {
      if (!rendered()) return;
      const saved = policies;
      policies = [...policies, { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] }];
      try {
        expect(connects(podOf('gateway'), postgres, 5432)).toBe(true);
        expect(connects(strangerPod, podOf('intel-exchange'), 3001)).toBe(true);
      } finally {
        policies = saved;
      }
      expect(connects(strangerPod, podOf('intel-exchange'), 3001)).toBe(false);
    });
  });

  describe('schemas (offline: kubernetes-models for Kubernetes, the vendored Strimzi and CloudNativePG CRD schemas in deploy/schemas)', () => {
    const STRIMZI = 'kafka.strimzi.io/';
    const CNPG = 'postgresql.cnpg.io/';
    const validateKubernetes = (items: unknown[]): { where: string; unknown?: boolean; errors?: string[] }[] =>
      JSON.parse(
        execFileSync(process.execPath, [join(__dirname, 'schemas/validate-kubernetes.mjs')], {
          input: JSON.stringify(items),
          encoding: 'utf8',
        }),
      );
    const validateCrd = (object: K8sObject): string[] => {
      const validate = crdValidators(object.apiVersion.startsWith(CNPG) ? 'cloudnative-pg' : 'strimzi')[object.kind];
      if (!validate) return [`no vendored schema for ${object.kind}`];
      return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    };

    it('validates every rendered object against its schema', () => {
      if (!rendered()) return;
      const kubernetes = objects.filter((o) => !o.apiVersion.startsWith(STRIMZI) && !o.apiVersion.startsWith(CNPG));
      const results = validateKubernetes(kubernetes);
      expect(results.filter((r) => r.unknown)).toEqual([]);
      expect(results.filter((r) => (r.errors ?? []).length > 0)).toEqual([]);
      expect(results).toHaveLength(kubernetes.length);
      const strimzi = objects.filter((o) => o.apiVersion.startsWith(STRIMZI));
      expect(strimzi.length).toBeGreaterThan(10);
      for (const o of strimzi)
        expect({ object: `${o.kind}/${o.metadata.name}`, errors: validateCrd(o) }).toEqual({
          object: `${o.kind}/${o.metadata.name}`,
          errors: [],
        });
      const cnpg = objects.filter((o) => o.apiVersion.startsWith(CNPG));
      expect([...new Set(cnpg.map((o) => o.kind))].sort()).toEqual(
        overlay === 'prod' ? ['Cluster', 'Database', 'ScheduledBackup'] : ['Cluster', 'Database'],
      );
      for (const o of cnpg)
        expect({ object: `${o.kind}/${o.metadata.name}`, errors: validateCrd(o) }).toEqual({
          object: `${o.kind}/${o.metadata.name}`,
          errors: [],
        });
    });

    it('refuses deliberately broken objects (wrong types, an unknown field, out-of-range and unknown enum values)', () => {
      if (!rendered()) return;
      const deployment = structuredClone(one('Deployment', 'intel-exchange'));
      deployment.spec.replicas = 'three';
      deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
      const [broken] = validateKubernetes([deployment]);
      expect(broken.errors).toEqual([
        '/spec/replicas must be integer',
        '/spec/template/spec/containers/0/ports/0/containerPort must be integer',
      ]);

      const kafka = structuredClone(one('Kafka', 'wco-kafka'));
      kafka.spec.kafka.listners = kafka.spec.kafka.listeners;
      kafka.spec.kafka.listeners[0].port = 'ninety';
      const kafkaErrors = validateCrd(kafka);
      expect(kafkaErrors.some((e) => e.includes('/spec/kafka/listeners/0/port'))).toBe(true);
      expect(kafkaErrors.some((e) => e.includes('"additionalProperty":"listners"'))).toBe(true);
      const topic = structuredClone(of('KafkaTopic')[0]);
      delete topic.spec.partitions;
      topic.spec.replicas = 0;
      expect(validateCrd(topic).some((e) => e.includes('/spec/replicas'))).toBe(true);
      const user = structuredClone(one('KafkaUser', 'intel-exchange'));
      user.spec.authentication.type = 'plain';
      expect(validateCrd(user).some((e) => e.includes('/spec/authentication/type'))).toBe(true);

      const cluster = structuredClone(one('Cluster', 'wco-postgres'));
      cluster.spec.instances = 'three';
      cluster.spec.storrage = cluster.spec.storage;
      const clusterErrors = validateCrd(cluster);
      expect(clusterErrors.some((e) => e.includes('/spec/instances'))).toBe(true);
      expect(clusterErrors.some((e) => e.includes('"additionalProperty":"storrage"'))).toBe(true);
      const database = structuredClone(of('Database')[0]);
      delete database.spec.cluster;
      database.spec.ensure = 'maybe';
      const databaseErrors = validateCrd(database);
      expect(databaseErrors.some((e) => e.includes('"missingProperty":"cluster"'))).toBe(true);
      expect(databaseErrors.some((e) => e.includes('/spec/ensure'))).toBe(true);
    });
  });

  if (overlay === 'prod') {
    it('survives one broker and one database instance failing: 3 Kafka nodes with min.insync.replicas=2, 3 PostgreSQL instances', () => {
      if (!rendered()) return;
      const pools = of('KafkaNodePool');
      expect(pools.map((p) => [p.spec.replicas, [...p.spec.roles].sort()])).toEqual([[3, ['broker', 'controller']]]);
      expect(one('Kafka', 'wco-kafka').spec.kafka.config).toMatchObject({
        'min.insync.replicas': 2,
        'default.replication.factor': 3,
        'offsets.topic.replication.factor': 3,
        'transaction.state.log.replication.factor': 3,
      });
      expect(of('KafkaTopic').every((t) => t.spec.replicas === 3)).toBe(true);
      expect(one('Cluster', 'wco-postgres').spec.instances).toBe(3);
      expect(one('HorizontalPodAutoscaler', 'intel-exchange').spec.minReplicas).toBeGreaterThanOrEqual(2);
    });

    it('backs PostgreSQL up continuously (WAL) and nightly to an object store, with credentials from a Secret only', () => {
      if (!rendered()) return;
      const backup = one('Cluster', 'wco-postgres').spec.backup;
      expect(backup.retentionPolicy).toMatch(/^\d+[dwm]$/);
      const store = backup.barmanObjectStore;
      expect(store.destinationPath).toMatch(/^s3:\/\/.+/);
      // Secret references only: a name and a key, never a value.
      for (const ref of Object.values(store.s3Credentials))
        expect(ref).toEqual({ name: 'wco-postgres-backup-s3', key: expect.any(String) });
      expect(JSON.stringify(store)).not.toMatch(/"value"|"password"|AKIA/);
      const scheduled = of('ScheduledBackup');
      expect(scheduled.map((s) => [s.spec.cluster.name, s.spec.method])).toEqual([['wco-postgres', 'barmanObjectStore']]);
      // CloudNativePG schedules have six fields, seconds first.
      expect(scheduled[0].spec.schedule.split(' ')).toHaveLength(6);
    });
  }
});
