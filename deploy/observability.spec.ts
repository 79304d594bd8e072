// What observability/ promises, checked offline: the alert rules load and behave as their unit tests say
// (promtool), the dashboards are the rendered ones and use the provisioned data source, docker-compose mounts
// what Prometheus and Grafana read, and both scrape configurations find every service where it serves /metrics.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { renderDashboards } from './observability/dashboards.render';

const root = join(__dirname, '..');
const obs = join(root, 'observability');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const appServices = readdirSync(join(root, 'apps')).filter((app) => existsSync(join(root, 'apps', app, 'src/main.ts')));

const promtool = (process.env['PATH'] ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'promtool'))
  .find((file) => existsSync(file));

/** Runs promtool; `null` (with a warning saying why) when it is not installed. */
function runPromtool(args: string[], cwd = root): { status: number; output: string } | null {
  if (!promtool) {
    console.warn(
      'promtool is not on PATH (scripts/platform.sh installs the Debian `prometheus` package when apt is usable as root): ' +
        `\`promtool ${args[0]} ${args[1]}\` was not run, the alert rules are NOT checked`,
    );
    return null;
  }
  const result = spawnSync(promtool, args, { cwd, encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe('observability/prometheus (alert rules, their unit tests, scrape configurations)', () => {
  it('loads the alert rules with `promtool check rules`', () => {
    const result = runPromtool(['check', 'rules', 'observability/prometheus/rules/platform.rules.yml']);
    if (!result) return;
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('passes the rules unit tests with `promtool test rules` (each alert fires when it should and not before)', () => {
    const result = runPromtool(['test', 'rules', 'observability/prometheus/tests/platform.rules.test.yml']);
    if (!result) return;
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('fails those checks on a broken rule and on a rule whose threshold changed (the checks can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wco-rules-'));
    try {
      cpSync(join(obs, 'prometheus'), join(dir, 'prometheus'), { recursive: true });
      const rules = join(dir, 'prometheus/rules/platform.rules.yml');
      const original = readFileSync(rules, 'utf8');
      writeFileSync(
        rules,
        original.replace('max by (service) (outbox_oldest_age_seconds) > 120', 'max by (service) (outbox_oldest_age_seconds) > 1200'),
      );
      const changed = runPromtool(['test', 'rules', 'prometheus/tests/platform.rules.test.yml'], dir);
      if (!changed) return;
      expect(changed.status).not.toBe(0);
      expect(changed.output).toContain('OutboxStalled');
      writeFileSync(
        rules,
        original.replace('sum by (topic) (increase(dlq_messages_total[10m])) > 0', 'sum by (topic) (increase(dlq_messages_total[10m]) > 0'),
      );
      const broken = runPromtool(['check', 'rules', 'prometheus/rules/platform.rules.yml'], dir);
      expect(broken?.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a unit test for every alert', () => {
    const rules = parse(read('observability/prometheus/rules/platform.rules.yml')) as { groups: { rules: { alert: string }[] }[] };
    const tests = parse(read('observability/prometheus/tests/platform.rules.test.yml')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert)).sort();
    const cases = tests.tests.flatMap((t) => t.alert_rule_test);
    expect(alerts).toEqual(
      expect.arrayContaining([
        'DeadLettersGrowing',
        'OutboxBacklogHigh',
        'OutboxStalled',
        'ConsumerLagHigh',
        'NotificationDeliveryFailures',
        'HttpServerErrors',
        'ServiceDown',
      ]),
    );
    // Each alert is shown both firing and not firing.
    for (const alert of alerts) {
      expect({ alert, fires: cases.some((c) => c.alertname === alert && c.exp_alerts.length > 0) }).toEqual({ alert, fires: true });
    }
    const silent = new Set(cases.filter((c) => c.exp_alerts.length === 0).map((c) => c.alertname));
    expect(alerts.filter((a) => !silent.has(a) && a !== 'MetricsSamplingFailing')).toEqual([]);
  });

  it('checks the docker-compose configuration with `promtool check config`', () => {
    const result = runPromtool(['check', 'config', 'observability/prometheus/prometheus.yml']);
    if (!result) return;
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('scrapes every service of docker-compose on the port it listens on, labelled with its name', () => {
    const compose = parse(read('docker-compose.yml')) as { services: Record<string, { environment?: Record<string, string> }> };
    const config = parse(read('observability/prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[]; labels?: { service?: string } }[] }[];
    };
    const job = config.scrape_configs.find((j) => j.job_name === 'wco-services');
    const targets = Object.fromEntries((job?.static_configs ?? []).map((s) => [s.labels?.service, s.targets]));
    expect(Object.keys(targets).sort()).toEqual([...appServices].sort());
    for (const service of appServices) {
      expect({ service, targets: targets[service] }).toEqual({
        service,
        targets: [`${service}:${compose.services[service].environment?.['PORT']}`],
      });
    }
    expect(job?.metrics_path).toBe('/metrics');
    expect(config.rule_files).toEqual(['/etc/prometheus/rules/*.rules.yml']);
  });

  it('on Kubernetes, keeps the pods that carry the scrape annotations of every Deployment, on their metrics port', () => {
    // Debian's promtool is built without Kubernetes service discovery, so this configuration is checked here.
    const config = parse(read('observability/prometheus/prometheus-kubernetes.yml')) as {
      scrape_configs: {
        job_name: string;
        kubernetes_sd_configs: { role: string; namespaces: { names: string[] } }[];
        relabel_configs: { source_labels: string[]; action?: string; regex?: string; replacement?: string; target_label?: string }[];
      }[];
    };
    const job = config.scrape_configs.find((j) => j.job_name === 'wco-services');
    expect(job?.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['wco'] } }]);
    const relabel = job?.relabel_configs ?? [];
    expect(relabel[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], action: 'keep', regex: 'true' });
    expect(relabel.find((r) => r.target_label === 'service')?.source_labels).toEqual([
      '__meta_kubernetes_pod_label_app_kubernetes_io_name',
    ]);
    const portRule = relabel.find((r) => r.target_label === '__address__');
    const address = new RegExp(`^${portRule?.regex}$`);
    for (const service of appServices) {
      const deployment = parse(read(`deploy/base/${service}/deployment.yaml`)) as {
        spec: {
          template: {
            metadata: { annotations: Record<string, string>; labels: Record<string, string> };
            spec: { containers: { ports: { name: string; containerPort: number }[] }[] };
          };
        };
      };
      const { annotations, labels } = deployment.spec.template.metadata;
      const metricsPort = deployment.spec.template.spec.containers[0].ports.find((p) => p.name === 'metrics')?.containerPort;
      expect({
        service,
        scrape: annotations['prometheus.io/scrape'],
        path: annotations['prometheus.io/path'],
        port: annotations['prometheus.io/port'],
      }).toEqual({
        service,
        scrape: 'true',
        path: '/metrics',
        port: String(metricsPort),
      });
      expect(read(`deploy/base/${service}/kustomization.yaml`)).toContain(`METRICS_PORT=${metricsPort}`);
      expect(labels['app.kubernetes.io/name']).toBe(service);
      expect(`10.0.0.7:3001;${metricsPort}`.replace(address, portRule?.replacement ?? '')).toBe(`10.0.0.7:${metricsPort}`);
    }
  });
});

describe('observability/grafana (dashboards and provisioning)', () => {
  const datasources = parse(read('observability/grafana/provisioning/datasources/prometheus.yml')) as {
    datasources: { uid: string; url: string }[];
  };
  const providers = parse(read('observability/grafana/provisioning/dashboards/wco.yml')) as { providers: { options: { path: string } }[] };
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, { volumes?: string[]; environment?: Record<string, string> }>;
  };
  const mounts = (service: string): Record<string, string> =>
    Object.fromEntries((compose.services[service].volumes ?? []).map((v) => v.split(':').slice(0, 2).reverse()));

  it('commits the dashboards as deploy/observability/dashboards.render.ts renders them (scripts/generate-dashboards.ts)', () => {
    const rendered = renderDashboards();
    const committed = readdirSync(join(obs, 'grafana/dashboards')).filter((f) => f.endsWith('.json'));
    expect(committed.sort()).toEqual(Object.keys(rendered).sort());
    for (const [file, json] of Object.entries(rendered))
      expect({ file, json: read(`observability/grafana/dashboards/${file}`) }).toEqual({ file, json });
  });

  it('has an overview and one dashboard per concern, each with a unique uid, querying the provisioned Prometheus', () => {
    const dashboards = Object.values(renderDashboards()).map(
      (j) => JSON.parse(j) as { uid: string; panels: { datasource?: { uid: string } }[] },
    );
    expect(dashboards.map((d) => d.uid).sort()).toEqual([
      'wco-consumers',
      'wco-http',
      'wco-notifications',
      'wco-outbox',
      'wco-overview',
      'wco-sagas',
    ]);
    const uids = new Set(datasources.datasources.map((d) => d.uid));
    for (const d of dashboards) for (const p of d.panels) if (p.datasource) expect(uids.has(p.datasource.uid)).toBe(true);
    expect(datasources.datasources.map((d) => d.url)).toEqual(['http://prometheus:9090']);
  });

  it('is mounted by docker-compose where the provisioning looks, and Prometheus gets its configuration and rules', () => {
    const grafana = mounts('grafana');
    expect(grafana['/etc/grafana/provisioning']).toBe('./observability/grafana/provisioning');
    expect(grafana[providers.providers[0].options.path]).toBe('./observability/grafana/dashboards');
    const home = compose.services['grafana'].environment?.['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH'] ?? '';
    expect(existsSync(join(obs, 'grafana/dashboards', home.replace(`${providers.providers[0].options.path}/`, '')))).toBe(true);
    const prometheus = mounts('prometheus');
    expect(prometheus['/etc/prometheus/prometheus.yml']).toBe('./observability/prometheus/prometheus.yml');
    expect(prometheus['/etc/prometheus/rules']).toBe('./observability/prometheus/rules');
    for (const [target, source] of Object.entries({ ...grafana, ...prometheus }))
      expect({ target, exists: existsSync(join(root, source)) }).toEqual({ target, exists: true });
  });
});
