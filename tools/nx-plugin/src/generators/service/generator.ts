import { generateFiles, names, workspaceRoot } from '@nx/devkit';
import type { Tree } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument, Scalar } from 'yaml';
import type { Document, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { ServiceGeneratorSchema } from './schema';

/** The scopes the module-boundary rule of eslint.config.mjs knows (`scope:<scope>`). */
export const SERVICE_SCOPES = ['intel', 'assistance', 'budget', 'research', 'gateway'] as const;

/** Where the generator edits the repository outside apps/<name>; each edit fails loudly if its anchor moved. */
export const PATHS = {
  topicRegistry: 'libs/contracts/src/lib/topics/topic-registry.ts',
  eventContracts: 'libs/contracts/src/lib/events/event-contracts.ts',
  contractsIndex: 'libs/contracts/src/index.ts',
  kafkaTopics: 'deploy/kafka/topics.yaml',
  kafkaTopicsRenderer: 'deploy/kafka-topics.render.ts',
  kafkaUsers: 'deploy/kafka/users.yaml',
  kafkaPrincipals: 'deploy/kafka-principals.ts',
  compose: 'docker-compose.yml',
  kustomizeBase: 'deploy/base/kustomization.yaml',
  databases: 'deploy/postgres/databases.yaml',
  postgresCluster: 'deploy/postgres/cluster.yaml',
  overlays: ['deploy/overlays/dev/kustomization.yaml', 'deploy/overlays/prod/kustomization.yaml'],
  readme: 'README.md',
} as const;

// Nx may load this file as an ES module (Node's own type stripping), where __dirname does not exist.
const TEMPLATES = join(typeof __dirname === 'string' ? __dirname : join(workspaceRoot, 'tools/nx-plugin/src/generators/service'), 'files');
const FIRST_PORT = 3001;
const RESERVED_WORDS = new Set(
  'arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(
    ' ',
  ),
);
const DEFAULT_PARTITIONS = 6;
const YAML_OUT = { lineWidth: 0, flowCollectionPadding: false } as const;

export interface NormalizedServiceOptions {
  name: string;
  className: string;
  constantName: string;
  domain: string;
  aggregate: string;
  aggregateClass: string;
  aggregateConstant: string;
  plural: string;
  pluralClass: string;
  scope: string;
  port: number;
  role: string;
  roleFn: string;
  description: string;
  topic: string;
  topicKey: string;
  partitions: number;
  keepForever: boolean;
  eventClass: string;
  eventType: string;
  dbName: string;
  dbPrefix: string;
  migrationTimestamp: number;
  /** @wco/http exports ParseUuidPipe (a 400 naming the parameter): the controller uses it. */
  sharedUuidPipe: boolean;
  /** Only the deploy part, for a service that exists already (see deployServiceGenerator). */
  deployOnly: boolean;
}

export async function serviceGenerator(tree: Tree, schema: ServiceGeneratorSchema): Promise<void> {
  const o = normalizeOptions(tree, schema);
  if (o.deployOnly) {
    generateFiles(tree, join(TEMPLATES, 'deploy'), 'deploy', { ...o, q: tsString });
  } else {
    generateFiles(tree, TEMPLATES, '.', { ...o, q: tsString });
    registerTopic(tree, o);
    registerEventContract(tree, o);
  }
  renderKafkaTopics(tree);
  addKafkaPrincipal(tree, o);
  addKafkaUser(tree, o);
  addComposeService(tree, o);
  addKustomizeResources(tree, o);
  if (!o.deployOnly) addReadmeRows(tree, o);
  await formatLikeTheRepository(tree);
}

/**
 * The deploy part alone, for a service that exists (generated earlier, or generated before the deploy files
 * changed shape): its Kustomize base rewritten from the templates, and its KafkaUser, principal row, topics, compose
 * service, database, role and overlay entries added where missing. Re-running it changes nothing. Its apps/ code,
 * the topic registry and the README are not touched; the topic must be in the registry already.
 */
export async function deployServiceGenerator(tree: Tree, schema: ServiceGeneratorSchema): Promise<void> {
  await serviceGenerator(tree, { ...schema, deployOnly: true });
}

const PRETTIER_CONFIGS = [
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yaml',
  '.prettierrc.js',
  'prettier.config.js',
  'prettier.config.mjs',
];

/**
 * Prettier, only where the repository uses it: the new files, and the edited files that were formatted before the
 * edit (so a formatted tree stays formatted and an unformatted file is not rewritten wholesale). Files Prettier
 * ignores (.prettierignore) are left as written, e.g. deploy/kafka/topics.yaml, whose bytes a drift test compares.
 * Without a Prettier configuration nothing is reformatted: its defaults are not the house format.
 */
async function formatLikeTheRepository(tree: Tree): Promise<void> {
  if (!PRETTIER_CONFIGS.some((f) => tree.exists(f))) return;
  const ignorePath = tree.exists('.prettierignore') ? join(tree.root, '.prettierignore') : undefined;
  const files: { path: string; file: string; content: string; original: string | null; update: boolean }[] = [];
  for (const change of tree.listChanges()) {
    if (change.type === 'DELETE' || !change.content) continue;
    const file = join(tree.root, change.path);
    const update = change.type === 'UPDATE';
    const original = update && existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (update && original === null) continue;
    files.push({ path: change.path, file, content: change.content.toString('utf8'), original, update });
  }
  if (files.length === 0) return;
  // Prettier 3's CommonJS entry loads its core with a dynamic import(), which a VM sandbox such as Jest's refuses:
  // it runs in a child node of its own, once for all files.
  const run = spawnSync(process.execPath, ['-e', PRETTIER_CHILD], {
    cwd: tree.root,
    input: JSON.stringify({ files, ignorePath }),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`prettier failed while formatting the generated files: ${run.stderr.trim()}`);
  for (const [path, formatted] of Object.entries(JSON.parse(run.stdout) as Record<string, string>)) tree.write(path, formatted);
}

/** The child's program: formats each file unless ignored, or (an update) unless the file was unformatted before. */
const PRETTIER_CHILD = `
const prettier = require('prettier');
let input = '';
process.stdin.setEncoding('utf8').on('data', (c) => (input += c)).on('end', async () => {
  const { files, ignorePath } = JSON.parse(input);
  const out = {};
  for (const f of files) {
    const info = await prettier.getFileInfo(f.file, { ignorePath });
    if (info.ignored || !info.inferredParser) continue;
    const options = { ...((await prettier.resolveConfig(f.file)) || {}), filepath: f.file };
    if (f.update && !(await prettier.check(f.original, options))) continue;
    out[f.path] = await prettier.format(f.content, options);
  }
  process.stdout.write(JSON.stringify(out));
});
`;

export default serviceGenerator;

export function normalizeOptions(tree: Tree, schema: ServiceGeneratorSchema): NormalizedServiceOptions {
  const name = schema.name;
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 40)
    problems.push(`name "${name}" must be kebab-case (e.g. budget-audit), at most 40 characters`);
  if (!/^[a-z]+$/.test(schema.domain ?? ''))
    problems.push(`domain "${schema.domain}" must be one lower-case word (the topic prefix, e.g. budget)`);
  if (!/^[a-z]+$/.test(schema.aggregate ?? ''))
    problems.push(`aggregate "${schema.aggregate}" must be one lower-case word, singular (e.g. ledger)`);
  const scope = schema.scope ?? schema.domain;
  if (!(SERVICE_SCOPES as readonly string[]).includes(scope))
    problems.push(`scope "${scope}" must be one of ${SERVICE_SCOPES.join(', ')} (pass --scope)`);
  const deployOnly = schema.deployOnly ?? false;
  if (!deployOnly && tree.exists(`apps/${name}`)) problems.push(`apps/${name} already exists (to re-run its deploy part: --deployOnly)`);
  const plural = schema.plural ?? pluralOf(schema.aggregate ?? '');
  // Both become parameter names in the generated code.
  for (const word of [schema.aggregate, plural]) {
    if (RESERVED_WORDS.has(word)) problems.push(`"${word}" is a reserved word in TypeScript: choose another aggregate or --plural`);
  }
  const topic = `${schema.domain}.${schema.aggregate}.v1`;
  const registered =
    deployOnly || tree.exists(PATHS.topicRegistry) ? treeRegistry(tree).TOPIC_REGISTRY.find((t) => t.name === topic) : undefined;
  if (!deployOnly && registered) problems.push(`topic ${topic} is already in the registry`);
  if (deployOnly && !registered) problems.push(`topic ${topic} is not in the registry: --deployOnly deploys a service whose topic exists`);
  const used = usedPorts(tree);
  const ownPort = [...used].find(([, service]) => service === name)?.[0];
  const port = schema.port ?? (deployOnly ? ownPort : undefined) ?? Math.max(FIRST_PORT - 1, ...used.keys()) + 1;
  if (deployOnly && ownPort === undefined && schema.port === undefined)
    problems.push(`no port found for ${name} (apps/${name}/src/config, docker-compose.yml): pass --port`);
  if (used.has(port) && used.get(port) !== (deployOnly ? name : undefined))
    problems.push(`port ${port} is already used by ${used.get(port)}`);
  if (problems.length > 0) throw new Error(`cannot generate service "${name}":\n  - ${problems.join('\n  - ')}`);

  const service = names(name);
  const aggregate = names(schema.aggregate);
  const role = schema.role ?? 'member-analyst';
  return {
    name,
    className: service.className,
    constantName: service.constantName,
    domain: schema.domain,
    aggregate: schema.aggregate,
    aggregateClass: aggregate.className,
    aggregateConstant: aggregate.constantName,
    plural,
    pluralClass: names(plural).className,
    scope,
    port,
    role,
    roleFn: names(role).propertyName,
    description: schema.description ?? `${name}: ${plural} of the WCO platform`,
    topic,
    topicKey: `${names(schema.domain).className}${aggregate.className}`,
    partitions: schema.partitions ?? registered?.partitions ?? DEFAULT_PARTITIONS,
    keepForever: schema.keepForever ?? (registered ? registered.retentionMs === 'forever' : false),
    eventClass: `${aggregate.className}CreatedEvent`,
    eventType: `org.wcoomd.${schema.domain}.${schema.aggregate}.created.v1`,
    dbName: name.replace(/-/g, '_'),
    dbPrefix: name.replace(/-/g, '_').slice(0, 20),
    migrationTimestamp: schema.migrationTimestamp ?? Date.now(),
    sharedUuidPipe: /\bParseUuidPipe\b/.test(tree.read('libs/http/src/index.ts', 'utf-8') ?? ''),
    deployOnly,
  };
}

/** ledger -> ledgers, entry -> entries, process -> processes. */
export function pluralOf(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** Ports taken by the services in apps/ (their config's PORT default) and by docker-compose.yml. */
function usedPorts(tree: Tree): Map<number, string> {
  const used = new Map<number, string>();
  for (const app of tree.exists('apps') ? tree.children('apps') : []) {
    const dir = `apps/${app}/src/config`;
    for (const file of tree.exists(dir) ? tree.children(dir) : []) {
      const match = /override PORT = (\d+)/.exec(tree.read(`${dir}/${file}`, 'utf-8') ?? '');
      if (match) used.set(Number(match[1]), app);
    }
  }
  if (tree.exists(PATHS.compose)) {
    const services = (parseDocument(tree.read(PATHS.compose, 'utf-8') ?? '').toJS() as ComposeFile | null)?.services ?? {};
    for (const [service, definition] of Object.entries(services)) {
      const port = Number(definition.environment?.['PORT']);
      if (Number.isInteger(port) && port > 0) used.set(port, service);
    }
  }
  return used;
}

interface ComposeFile {
  services?: Record<string, { build?: unknown; image?: string; environment?: Record<string, unknown> }>;
}

function edit(tree: Tree, path: string, change: (source: string) => string): void {
  const source = tree.read(path, 'utf-8');
  if (source === null) throw new Error(`${path} is missing: the generator edits it`);
  tree.write(path, change(source));
}

/** Inserts `text` as the last line(s) of the block that `block` matches (its first group is the block's body). */
function appendToBlock(path: string, source: string, block: RegExp, text: string): string {
  const match = block.exec(source);
  if (!match || match.index === undefined)
    throw new Error(`${path}: expected to find ${block} (was the file restructured? update the generator)`);
  const bodyEnd = match.index + match[0].indexOf(match[1]) + match[1].length;
  return `${source.slice(0, bodyEnd)}\n${text}${source.slice(bodyEnd)}`;
}

function registerTopic(tree: Tree, o: NormalizedServiceOptions): void {
  edit(tree, PATHS.topicRegistry, (source) => {
    let out = appendToBlock(
      PATHS.topicRegistry,
      source,
      /export const Topics = \{\n([\s\S]*?)\n\} as const;/,
      `  ${o.topicKey}: '${o.topic}',`,
    );
    const retention = o.keepForever ? `'forever'` : '30 * DAY_MS';
    out = appendToBlock(
      PATHS.topicRegistry,
      out,
      /export const TOPIC_REGISTRY: readonly TopicDefinition\[\] = Object\.freeze\(\[\n([\s\S]*?)\n\]\);/,
      [
        '  {',
        `    name: Topics.${o.topicKey},`,
        `    partitions: ${o.partitions},`,
        `    retentionMs: ${retention},`,
        `    cleanupPolicy: 'delete',`,
        `    key: '${o.aggregate} id',`,
        `    description: ${tsString(topicDescription(o))},`,
        '  },',
      ].join('\n'),
    );
    return out;
  });
}

function topicDescription(o: NormalizedServiceOptions): string {
  return `${o.plural} of ${o.name}: created${o.keepForever ? ' (audit stream: kept forever, never compacted)' : ''}`;
}

function registerEventContract(tree: Tree, o: NormalizedServiceOptions): void {
  const file = `./${o.domain}/${o.aggregate}-created.event`;
  edit(tree, PATHS.eventContracts, (source) => {
    const imports = [...source.matchAll(/^import .*;$/gm)];
    const last = imports[imports.length - 1];
    if (!last || last.index === undefined) throw new Error(`${PATHS.eventContracts}: expected import lines`);
    const at = last.index + last[0].length;
    const withImport = `${source.slice(0, at)}\nimport { ${o.eventClass} } from '${file}';${source.slice(at)}`;
    return appendToBlock(
      PATHS.eventContracts,
      withImport,
      /export const EVENT_CONTRACTS: readonly EventContract\[\] = Object\.freeze\(\[\n([\s\S]*?)\n\]\);/,
      `  ${o.eventClass},`,
    );
  });
  edit(tree, PATHS.contractsIndex, (source) => {
    const exports = [...source.matchAll(/^export \{ \w+Event \} from '\.\/lib\/events\/.*';$/gm)];
    const last = exports[exports.length - 1];
    if (!last || last.index === undefined) throw new Error(`${PATHS.contractsIndex}: expected the export lines of the event classes`);
    const at = last.index + last[0].length;
    return `${source.slice(0, at)}\nexport { ${o.eventClass} } from './lib/events/${o.domain}/${o.aggregate}-created.event';${source.slice(at)}`;
  });
}

interface TopicDefinitionLike {
  name: string;
  partitions: number;
  retentionMs: number | 'forever';
}

interface RegistryModule {
  TOPIC_REGISTRY: readonly TopicDefinitionLike[];
  DLQ_SUFFIX: string;
}

/**
 * A module of the tree (its content as the generator left it so far, not as it is on disk), transpiled and run in
 * a sandbox. `modules` answers its imports; any other import is refused, so a module that grew dependencies fails
 * here loudly instead of being evaluated against the wrong code.
 */
function evaluateTreeModule(tree: Tree, path: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const source = tree.read(path, 'utf-8');
  if (source === null) throw new Error(`${path} is missing: the generator evaluates it`);
  const { outputText } = transpileModule(source, {
    compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 },
    fileName: path,
  });
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => {
    if (id in modules) return modules[id];
    throw new Error(
      `${path} imports ${id}: the generator evaluates it with only ${Object.keys(modules).join(', ') || 'no imports'} (update the generator)`,
    );
  };
  runInNewContext(outputText, { module, exports: module.exports, require }, { filename: path });
  return module.exports;
}

/** The topic registry of @wco/contracts as it stands in the tree (it imports nothing). */
function treeRegistry(tree: Tree): RegistryModule {
  const registry = evaluateTreeModule(tree, PATHS.topicRegistry) as unknown as RegistryModule;
  if (!Array.isArray(registry.TOPIC_REGISTRY)) throw new Error(`${PATHS.topicRegistry}: expected an exported TOPIC_REGISTRY`);
  return registry;
}

/**
 * deploy/kafka/topics.yaml is rendered by deploy/kafka-topics.render.ts from the registry (deploy/deploy.spec.ts
 * checks the file for drift). The generator runs that same renderer on the tree's registry, so the two can never
 * disagree (e.g. the DLQ of a topic kept forever is kept forever too).
 */
function renderKafkaTopics(tree: Tree): void {
  const renderer = evaluateTreeModule(tree, PATHS.kafkaTopicsRenderer, { '@wco/contracts': treeRegistry(tree) });
  if (typeof renderer['renderKafkaTopics'] !== 'function')
    throw new Error(`${PATHS.kafkaTopicsRenderer}: expected an exported renderKafkaTopics`);
  tree.write(PATHS.kafkaTopics, (renderer['renderKafkaTopics'] as () => string)());
}

/**
 * The service's row in deploy/kafka-principals.ts: it produces its topic and consumes nothing yet. A row that exists
 * (a service re-deployed for a further aggregate's topic) gets the topic added to its `produces`, nothing else.
 */
function addKafkaPrincipal(tree: Tree, o: NormalizedServiceOptions): void {
  if (!tree.exists(PATHS.kafkaPrincipals)) return;
  edit(tree, PATHS.kafkaPrincipals, (source) => {
    const block = /export const SERVICE_PRINCIPALS: Readonly<Record<string, ServicePrincipal>> = \{\n([\s\S]*?)\n\};/;
    const match = block.exec(source);
    if (!match) throw new Error(`${PATHS.kafkaPrincipals}: expected to find ${block} (was the file restructured? update the generator)`);
    const bodyStart = match.index + match[0].indexOf(match[1]);
    const row = new RegExp(`^  '?${o.name}'?: \\{[\\s\\S]*?produces: \\[([^\\]]*)\\]`, 'm').exec(match[1]);
    if (!row) return appendToBlock(PATHS.kafkaPrincipals, source, block, `  '${o.name}': { produces: ['${o.topic}'], consumes: [] },`);
    if (row[1].includes(`'${o.topic}'`)) return source;
    const listEnd = bodyStart + row.index + row[0].length - 1;
    const before = source.slice(0, listEnd).replace(/\s*$/, '');
    const separator = before.endsWith('[') ? '' : before.endsWith(',') ? ' ' : ', ';
    return `${before}${separator}'${o.topic}'${source.slice(listEnd)}`;
  });
}

interface KafkaAclLike {
  resource: { type: string; name: string };
  operations: string[];
}

/**
 * deploy/kafka/users.yaml: the service's own KafkaUser (SCRAM, like intel-exchange) with Describe and Write on its
 * topic; the DLQ replay tool's Read on the topic's DLQ and Write on the topic; the auditor's Read on an audit stream
 * (--keepForever) and its DLQ. What is there already is kept, so re-running adds nothing twice.
 */
function addKafkaUser(tree: Tree, o: NormalizedServiceOptions): void {
  if (!tree.exists(PATHS.kafkaUsers)) return;
  edit(tree, PATHS.kafkaUsers, (source) => {
    const docs = parseAllDocuments(source);
    if (docs.some((d) => !isMap(d.contents))) throw new Error(`${PATHS.kafkaUsers}: expected YAML documents (KafkaUser resources) only`);
    const nameOf = (d: Document): string => String(d.getIn(['metadata', 'name']));
    const cluster = String(docs[0]?.getIn(['metadata', 'labels', 'strimzi.io/cluster']) ?? 'wco-kafka');
    const dlq = `${o.topic}.dlq`;
    const ensureAcl = (doc: Document | undefined, topic: string, operations: string[], after: (acl: KafkaAclLike) => boolean): void => {
      const acls = doc?.getIn(['spec', 'authorization', 'acls']);
      if (!doc || !isSeq(acls)) return;
      const js = acls.toJSON() as KafkaAclLike[];
      if (js.some((a) => a.resource.type === 'topic' && a.resource.name === topic && operations.every((op) => a.operations.includes(op))))
        return;
      const node = doc.createNode({ resource: { type: 'topic', name: topic, patternType: 'literal' }, operations }) as YAMLMap;
      // Written like the rest of the file: `operations: [Describe, Write]`.
      (node.get('operations') as YAMLSeq).flow = true;
      let at = -1;
      js.forEach((a, i) => {
        if (after(a)) at = i;
      });
      acls.items.splice(at + 1, 0, node);
    };
    const isTopic = (a: KafkaAclLike): boolean => a.resource.type === 'topic';
    const existing = docs.find((d) => nameOf(d) === o.name);
    ensureAcl(existing, o.topic, ['Describe', 'Write'], isTopic);
    const replay = docs.find((d) => nameOf(d) === 'dlq-replay');
    ensureAcl(replay, dlq, ['Describe', 'Read'], (a) => isTopic(a) && a.resource.name.endsWith('.dlq'));
    ensureAcl(replay, o.topic, ['Describe', 'Write'], isTopic);
    if (o.keepForever) {
      const auditor = docs.find((d) => nameOf(d) === 'auditor');
      ensureAcl(auditor, o.topic, ['Describe', 'Read'], isTopic);
      ensureAcl(auditor, dlq, ['Describe', 'Read'], isTopic);
    }
    let out = docs.map((d) => d.toString(YAML_OUT)).join('');
    if (!existing) {
      const user = [
        `# ${o.name}'s outbox relay: writes ${o.topic}, reads nothing yet. A consumer it gains adds here Read on`,
        `# the topic, Write on that topic's DLQ and Read on the group ${o.name} (prefix), and the topic to the`,
        '# `consumes` of its row in deploy/kafka-principals.ts.',
        'apiVersion: kafka.strimzi.io/v1',
        'kind: KafkaUser',
        'metadata:',
        `  name: ${o.name}`,
        '  labels:',
        `    strimzi.io/cluster: ${cluster}`,
        'spec:',
        '  authentication:',
        '    type: scram-sha-512',
        '  authorization:',
        '    type: simple',
        '    acls:',
        '      - resource:',
        '          type: topic',
        `          name: ${o.topic}`,
        '          patternType: literal',
        '        operations: [Describe, Write]',
      ].join('\n');
      out = `${out.replace(/\n+$/, '')}\n---\n${user}\n`;
    }
    return out;
  });
}

function addComposeService(tree: Tree, o: NormalizedServiceOptions): void {
  edit(tree, PATHS.compose, (source) => {
    const doc = parseDocument(source);
    const services = doc.get('services');
    if (!isMap(services)) throw new Error(`${PATHS.compose}: expected a services map`);
    if (services.has(o.name)) return source;
    const built = Object.values((doc.toJS() as ComposeFile).services ?? {}).find((s) => s.build && s.image);
    const image = built?.image ?? 'wco-platform:0.1.0';
    const snippet = parseDocument(
      [
        `image: ${image}`,
        'build:',
        '  context: .',
        'depends_on:',
        '  kafka:',
        '    condition: service_healthy',
        '  kafka-init:',
        '    condition: service_completed_successfully',
        '  otel-collector:',
        '    condition: service_started',
        '  postgres:',
        '    condition: service_healthy',
        'environment:',
        '  # development: the configuration refuses the development issuer when NODE_ENV=production.',
        '  NODE_ENV: development',
        `  SERVICE_NAME: ${o.name}`,
        '  # Services listen on 127.0.0.1 unless told otherwise; in a container that would be unreachable.',
        '  HOST: 0.0.0.0',
        `  PORT: '${o.port}'`,
        '  # The server: the service creates its own database there (named after it) at start-up.',
        '  DATABASE_URL: postgres://postgres:postgres@postgres:5432/postgres',
        '  KAFKA_BROKERS: kafka:19092',
        `  OTEL_SERVICE_NAME: ${o.name}`,
        '  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4318',
        '  OTEL_EXPORTER_OTLP_PROTOCOL: http/protobuf',
        '  OTEL_METRICS_EXPORTER: none',
        '  OTEL_LOGS_EXPORTER: none',
        "  AUTH_DEV_ISSUER: 'true'",
        '  LOG_LEVEL: info',
        'ports:',
        `  - '127.0.0.1:${o.port}:${o.port}'`,
        `command: ['--require', './libs/telemetry/src/register.ts', 'apps/${o.name}/src/main.ts']`,
        'restart: unless-stopped',
        'healthcheck:',
        '  test:',
        '    - CMD',
        '    - node',
        '    - -e',
        `    - "fetch('http://127.0.0.1:${o.port}/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`,
        '  interval: 10s',
        '  timeout: 5s',
        '  retries: 6',
        '  start_period: 30s',
        'pull_policy: build',
        'read_only: true',
        'tmpfs:',
        '  - /tmp',
      ].join('\n'),
    ).contents;
    insertSorted(doc, services, o.name, snippet);
    return doc.toString(YAML_OUT);
  });
}

/** Adds `key: value` to a block map in alphabetical position, separated by a blank line like its neighbours. */
function insertSorted(doc: Document, map: YAMLMap, key: string, value: unknown): void {
  const pair = doc.createPair(key, value) as Pair<Scalar, unknown>;
  const keyOf = (p: Pair): string => String(isScalar(p.key) ? p.key.value : p.key);
  const at = map.items.findIndex((p) => keyOf(p) > key);
  const index = at === -1 ? map.items.length : at;
  (pair.key as Scalar).spaceBefore = index > 0;
  const next = map.items[index];
  if (next && isScalar(next.key)) next.key.spaceBefore = true;
  map.items.splice(index, 0, pair);
}

function addKustomizeResources(tree: Tree, o: NormalizedServiceOptions): void {
  edit(tree, PATHS.kustomizeBase, (source) => {
    const doc = parseDocument(source);
    const resources = doc.get('resources');
    if (!isSeq(resources)) throw new Error(`${PATHS.kustomizeBase}: expected a resources list`);
    if (resources.items.some((r) => isScalar(r) && r.value === o.name)) return source;
    // Service folders stay in alphabetical order after the plain files.
    const at = resources.items.findIndex((r) => isScalar(r) && !String(r.value).endsWith('.yaml') && String(r.value) > o.name);
    resources.items.splice(at === -1 ? resources.items.length : at, 0, doc.createNode(o.name));
    return doc.toString(YAML_OUT);
  });

  edit(tree, PATHS.postgresCluster, (source) => {
    const doc = parseDocument(source);
    const roles = doc.getIn(['spec', 'managed', 'roles']);
    if (!isSeq(roles)) throw new Error(`${PATHS.postgresCluster}: expected spec.managed.roles`);
    if (roles.items.some((r) => isMap(r) && r.get('name') === o.dbName)) return source;
    roles.add(doc.createNode({ name: o.dbName, ensure: 'present', login: true, passwordSecret: { name: `${o.name}-db-credentials` } }));
    return doc.toString(YAML_OUT);
  });

  edit(tree, PATHS.databases, (source) => {
    if (parseAllDocuments(source).some((d) => d.getIn(['metadata', 'name']) === o.name)) return source;
    const cluster =
      (parseAllDocuments(source)[0]?.toJS() as { spec?: { cluster?: { name?: string } } } | undefined)?.spec?.cluster?.name ??
      'wco-postgres';
    const database = [
      'apiVersion: postgresql.cnpg.io/v1',
      'kind: Database',
      'metadata:',
      `  name: ${o.name}`,
      'spec:',
      `  name: ${o.dbName}`,
      `  owner: ${o.dbName}`,
      '  cluster:',
      `    name: ${cluster}`,
    ].join('\n');
    return `${source.replace(/\n+$/, '')}\n---\n${database}\n`;
  });

  // An overlay treats every service alike: the new one gets the ConfigMap settings and the patches that the
  // overlay gives the first service by name (e.g. production's replica floor and resources).
  for (const overlay of PATHS.overlays) {
    if (!tree.exists(overlay)) continue;
    edit(tree, overlay, (source) => {
      const doc = parseDocument(source);
      const generators = doc.get('configMapGenerator');
      if (!isSeq(generators)) return source;
      const template = (generators as YAMLSeq).items.find((g) => isMap(g) && /-config$/.test(String(g.get('name'))));
      if (!isMap(template)) return source;
      const templateService = String(template.get('name')).replace(/-config$/, '');
      if (generators.items.some((g) => isMap(g) && g.get('name') === `${o.name}-config`)) return source;
      const copy = template.clone() as YAMLMap;
      copy.set('name', `${o.name}-config`);
      generators.add(copy);
      const patches = doc.get('patches');
      if (isSeq(patches)) {
        const targetOf = (p: unknown): YAMLMap | undefined =>
          isMap(p) && isMap(p.get('target')) ? (p.get('target') as YAMLMap) : undefined;
        for (const patch of patches.items.filter((p) => targetOf(p)?.get('name') === templateService)) {
          const clone = (patch as YAMLMap).clone() as YAMLMap;
          targetOf(clone)?.set('name', o.name);
          patches.add(clone);
        }
      }
      return doc.toString(YAML_OUT);
    });
  }
}

function addReadmeRows(tree: Tree, o: NormalizedServiceOptions): void {
  if (!tree.exists(PATHS.readme)) return;
  const description = o.description.replace(/\|/g, '\\|');
  edit(tree, PATHS.readme, (source) => {
    let out = appendTableRow(
      source,
      '| service | what it does | API documentation (when running) |',
      `| \`${o.name}\` | ${description} | http://127.0.0.1:${o.port}/docs (OpenAPI JSON: \`/docs/openapi.json\`) |`,
    );
    out = appendTableRow(
      out,
      '| container | what | on the host |',
      `| \`${o.name}\` | ${description} | http://127.0.0.1:${o.port} (\`/docs\`, \`/health/ready\`, \`/metrics\`) |`,
    );
    return out;
  });
}

/** Adds a row at the end of the Markdown table whose header line is `header`; a missing table is left alone. */
function appendTableRow(source: string, header: string, row: string): string {
  const lines = source.split('\n');
  // Cells compared trimmed: Prettier pads a table's cells to align its columns.
  const cells = (line: string): string =>
    line
      .split('|')
      .map((c) => c.trim())
      .join('|');
  const start = lines.findIndex((l) => cells(l) === cells(header));
  if (start === -1) return source;
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith('|')) end += 1;
  lines.splice(end, 0, row);
  return lines.join('\n');
}

/** A single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
