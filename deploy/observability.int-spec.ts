// The dashboards and alert rules query only metrics the services really export: the names are read from the
// /metrics page of a running service (assistance, its own process, started as `npm start` starts it; every
// service gets the same metrics through the libs, plus its SQL gauges, and assistance has the saga's).
import { createTestDatabase, startServiceProcess, type ServiceProcess, type TestDatabase } from '@wco/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dashboardQueries, renderDashboards } from './observability/dashboards.render';
import { exportedMetricNames, metricNamesIn } from './observability/metric-names';

jest.setTimeout(120_000);

// Series Prometheus makes itself for every target.
const SCRAPE_SERIES = ['up'];

const rules = parse(readFileSync(join(__dirname, '../observability/prometheus/rules/platform.rules.yml'), 'utf8')) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};
const ruleQueries = rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })));
const dashboards = Object.entries(renderDashboards()).map(([file, json]) => ({ file, json: JSON.parse(json) as Record<string, unknown> }));
const dashboardQueryList = dashboards.flatMap((d) => dashboardQueries(d.json).map((expr) => ({ where: d.file, expr })));

describe('metric names in PromQL and in the exposition format', () => {
  it('takes the selected metrics of an expression, not its functions, labels, values or keywords', () => {
    expect(
      metricNamesIn(
        'sum by (group, topic) (rate(consumer_processed_total{topic=~"a.b", service="x"}[5m])) / on (group) max(consumer_group_lag) unless up == 0',
      ).sort(),
    ).toEqual(['consumer_group_lag', 'consumer_processed_total', 'up']);
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))')).toEqual([
      'http_server_request_duration_seconds_bucket',
    ]);
  });

  it('reads histogram series names from # TYPE lines', () => {
    const names = exportedMetricNames('# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 0\n# TYPE c_total counter\n');
    expect([...names].sort()).toEqual(['c_total', 'h', 'h_bucket', 'h_count', 'h_sum']);
  });
});

describe('dashboards and alert rules against the /metrics of a running service', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  let exported: Set<string>;

  beforeAll(async () => {
    db = await createTestDatabase('metric_names');
    // A service name of its own: its consumer groups are then its own, not those of other assistance processes.
    service = await startServiceProcess('assistance', {
      NODE_ENV: 'test',
      SERVICE_NAME: `assistance-metric-names-${process.pid}`,
      DATABASE_NAME: db.name,
      AUTH_DEV_ISSUER: 'true',
      LOG_LEVEL: 'info',
    });
    const res = await fetch(`${service.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    exported = exportedMetricNames(await res.text());
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('exports the platform metrics the observability files are built on', () => {
    expect([...exported]).toEqual(
      expect.arrayContaining([
        'http_server_request_duration_seconds_bucket',
        'outbox_backlog',
        'outbox_oldest_age_seconds',
        'consumer_group_lag',
        'dlq_size',
        'dlq_messages_total',
        'saga_state',
        'wco_notification_deliveries_total',
      ]),
    );
  });

  it('queries, in every alert rule and every dashboard panel, only metrics the service exports', () => {
    const queries = [...ruleQueries, ...dashboardQueryList];
    expect(ruleQueries.length).toBeGreaterThanOrEqual(10);
    expect(dashboardQueryList.length).toBeGreaterThanOrEqual(30);
    const unknown = queries.flatMap(({ where, expr }) =>
      metricNamesIn(expr)
        .filter((name) => !exported.has(name) && !SCRAPE_SERIES.includes(name))
        .map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('shows every platform metric on a dashboard (the Node runtime defaults aside)', () => {
    const onDashboards = new Set(dashboardQueryList.flatMap(({ expr }) => metricNamesIn(expr)));
    const histogramBases = [...exported].filter((n) => exported.has(`${n}_bucket`));
    const platform = [...exported].filter(
      (n) => !/^(process_|nodejs_)/.test(n) && !histogramBases.some((h) => n !== h && n.startsWith(h)) && !histogramBases.includes(n),
    );
    expect(platform.filter((n) => !onDashboards.has(n))).toEqual([]);
  });
});
