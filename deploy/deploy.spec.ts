// What someone running the platform relies on in docker-compose.yml, the Dockerfile and the Kubernetes
// manifests, checked without a Docker engine or a cluster: dclint, the parsed files, `kubectl kustomize`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
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
  }
});
