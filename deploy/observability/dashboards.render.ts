/*
 * The Grafana dashboards of observability/grafana/dashboards, written as code so that each query is one line to
 * review and deploy/observability.spec.ts can check every metric they name against what the services export.
 * Regenerate the JSON with `node --require @swc-node/register scripts/generate-dashboards.ts`.
 */

const DATASOURCE = { type: 'prometheus', uid: 'wco-prometheus' } as const;
const SERVICE = 'service=~"$service"';

interface Query {
  expr: string;
  legend?: string;
}

interface Panel {
  title: string;
  description?: string;
  kind: 'timeseries' | 'stat' | 'bargauge' | 'alertlist';
  unit?: string;
  queries: Query[];
  /** Width in grid columns (24 per row). */
  width?: number;
  stacked?: boolean;
  thresholds?: { red: number; yellow?: number };
}

interface DashboardSpec {
  uid: string;
  file: string;
  title: string;
  description: string;
  panels: Panel[];
}

function panelJson(panel: Panel, id: number, x: number, y: number): Record<string, unknown> {
  const width = panel.width ?? 12;
  const height = panel.kind === 'stat' ? 5 : 8;
  const steps = panel.thresholds
    ? [
        { color: 'green', value: null },
        ...(panel.thresholds.yellow !== undefined ? [{ color: 'yellow', value: panel.thresholds.yellow }] : []),
        { color: 'red', value: panel.thresholds.red },
      ]
    : [{ color: 'green', value: null }];
  const base = {
    id,
    type: panel.kind,
    title: panel.title,
    ...(panel.description ? { description: panel.description } : {}),
    gridPos: { h: height, w: width, x, y },
  };
  if (panel.kind === 'alertlist') {
    return { ...base, options: { showOptions: 'current', maxItems: 20, sortOrder: 1, stateFilter: { firing: true, pending: true } } };
  }
  return {
    ...base,
    datasource: DATASOURCE,
    targets: panel.queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: q.expr,
      ...(q.legend ? { legendFormat: q.legend } : {}),
      ...(panel.kind === 'stat' || panel.kind === 'bargauge' ? { instant: true } : { range: true }),
    })),
    fieldConfig: {
      defaults: {
        unit: panel.unit ?? 'short',
        thresholds: { mode: 'absolute', steps },
        ...(panel.kind === 'timeseries'
          ? { custom: { fillOpacity: panel.stacked ? 30 : 5, stacking: { mode: panel.stacked ? 'normal' : 'none', group: 'A' } } }
          : {}),
      },
      overrides: [],
    },
    options:
      panel.kind === 'timeseries'
        ? { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi', sort: 'desc' } }
        : { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none' },
  };
}

function dashboardJson(spec: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  spec.panels.forEach((panel, i) => {
    const width = panel.width ?? 12;
    if (x + width > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const json = panelJson(panel, i + 1, x, y);
    panels.push(json);
    x += width;
    rowHeight = Math.max(rowHeight, (json['gridPos'] as { h: number }).h);
  });
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['wco-platform'],
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 41,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    links: [{ type: 'dashboards', tags: ['wco-platform'], asDropdown: true, title: 'WCO dashboards' }],
    templating: {
      list: [
        {
          name: 'service',
          label: 'service',
          type: 'query',
          datasource: DATASOURCE,
          query: { query: 'label_values(up{job="wco-services"}, service)', refId: 'service' },
          definition: 'label_values(up{job="wco-services"}, service)',
          includeAll: true,
          multi: true,
          allValue: '.*',
          current: { text: 'All', value: '$__all' },
          refresh: 2,
        },
      ],
    },
    panels,
  };
}

const rate5xx = `sum by (service) (rate(http_server_request_duration_seconds_count{${SERVICE},status_code=~"5.."}[5m])) / sum by (service) (rate(http_server_request_duration_seconds_count{${SERVICE}}[5m]))`;
const quantile = (q: number) =>
  `histogram_quantile(${q}, sum by (service, le) (rate(http_server_request_duration_seconds_bucket{${SERVICE}}[5m])))`;
const groupLag = `sum by (group, topic) (max by (group, topic, partition) (consumer_group_lag{${SERVICE}}))`;

/** Every query of a dashboard (for the metric-name check). */
export function dashboardQueries(dashboard: Record<string, unknown>): string[] {
  const panels = (dashboard['panels'] ?? []) as { targets?: { expr: string }[] }[];
  return panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
}

export const DASHBOARDS: DashboardSpec[] = [
  {
    uid: 'wco-overview',
    file: 'platform-overview.json',
    title: 'WCO platform: overview',
    description:
      'Is every service up and answering, are events flowing, are Members notified? One panel per question; the other dashboards go into each.',
    panels: [
      {
        title: 'Instances up',
        kind: 'stat',
        width: 6,
        queries: [{ expr: `sum by (service) (up{job="wco-services",${SERVICE}})`, legend: '{{service}}' }],
        thresholds: { red: 0 },
      },
      {
        title: 'Requests per second',
        kind: 'stat',
        width: 6,
        unit: 'reqps',
        queries: [{ expr: `sum(rate(http_server_request_duration_seconds_count{${SERVICE}}[5m]))` }],
      },
      {
        title: '5xx share',
        kind: 'stat',
        width: 6,
        unit: 'percentunit',
        queries: [{ expr: `max(${rate5xx})` }],
        thresholds: { yellow: 0.01, red: 0.05 },
      },
      {
        title: 'p99 latency (slowest service)',
        kind: 'stat',
        width: 6,
        unit: 's',
        queries: [{ expr: `max(${quantile(0.99)})` }],
        thresholds: { yellow: 0.25, red: 1 },
      },
      {
        title: 'Outbox rows waiting',
        kind: 'stat',
        width: 6,
        queries: [{ expr: `sum(max by (service) (outbox_backlog{${SERVICE}}))` }],
        thresholds: { yellow: 100, red: 1000 },
      },
      {
        title: 'Oldest outbox row',
        kind: 'stat',
        width: 6,
        unit: 's',
        queries: [{ expr: `max(outbox_oldest_age_seconds{${SERVICE}})` }],
        thresholds: { yellow: 30, red: 120 },
      },
      {
        title: 'Consumer lag (all groups)',
        kind: 'stat',
        width: 6,
        queries: [{ expr: `sum(${groupLag})` }],
        thresholds: { yellow: 100, red: 1000 },
      },
      {
        title: 'Dead letters kept',
        kind: 'stat',
        width: 6,
        queries: [{ expr: `sum(max by (topic) (dlq_size{${SERVICE}}))` }],
        thresholds: { red: 1 },
      },
      {
        title: 'Notification deliveries by outcome',
        kind: 'timeseries',
        stacked: true,
        unit: 'ops',
        queries: [{ expr: 'sum by (outcome) (rate(wco_notification_deliveries_total[5m]))', legend: '{{outcome}}' }],
      },
      {
        title: 'Funding saga in flight',
        kind: 'timeseries',
        queries: [{ expr: 'sum by (saga) (saga_state{state=~"pending|posting|releasing"})', legend: '{{saga}}' }],
      },
      { title: 'Firing alerts', kind: 'alertlist', width: 24, queries: [] },
    ],
  },
  {
    uid: 'wco-http',
    file: 'http.json',
    title: 'WCO platform: HTTP',
    description: 'Requests by service and route template, latency percentiles, errors; process memory and event-loop lag.',
    panels: [
      {
        title: 'Requests per second by service',
        kind: 'timeseries',
        stacked: true,
        unit: 'reqps',
        queries: [{ expr: `sum by (service) (rate(http_server_request_duration_seconds_count{${SERVICE}}[5m]))`, legend: '{{service}}' }],
      },
      {
        title: 'Latency p50 / p95 / p99 by service',
        kind: 'timeseries',
        unit: 's',
        queries: [0.5, 0.95, 0.99].map((q) => ({ expr: quantile(q), legend: `{{service}} p${Math.round(q * 100)}` })),
      },
      { title: '5xx share by service', kind: 'timeseries', unit: 'percentunit', queries: [{ expr: rate5xx, legend: '{{service}}' }] },
      {
        title: '4xx by route (refused input, not found, no access)',
        kind: 'timeseries',
        unit: 'reqps',
        queries: [
          {
            expr: `sum by (service, route, status_code) (rate(http_server_request_duration_seconds_count{${SERVICE},status_code=~"4.."}[5m]))`,
            legend: '{{service}} {{route}} {{status_code}}',
          },
        ],
      },
      {
        title: 'Slowest routes (p95)',
        kind: 'timeseries',
        unit: 's',
        width: 24,
        queries: [
          {
            expr: `topk(10, histogram_quantile(0.95, sum by (service, route, le) (rate(http_server_request_duration_seconds_bucket{${SERVICE}}[5m]))))`,
            legend: '{{service}} {{route}}',
          },
        ],
      },
      {
        title: 'Resident memory by instance',
        kind: 'timeseries',
        unit: 'bytes',
        queries: [{ expr: `process_resident_memory_bytes{${SERVICE}}`, legend: '{{service}} {{instance}}' }],
      },
      {
        title: 'Event-loop lag p99 by instance',
        kind: 'timeseries',
        unit: 's',
        queries: [{ expr: `nodejs_eventloop_lag_p99_seconds{${SERVICE}}`, legend: '{{service}} {{instance}}' }],
      },
    ],
  },
  {
    uid: 'wco-outbox',
    file: 'outbox.json',
    title: 'WCO platform: outbox',
    description:
      'State changes committed with their events, published to Kafka by the relay: backlog, age of the oldest row, publish rate, failures.',
    panels: [
      {
        title: 'Rows waiting by service',
        kind: 'timeseries',
        queries: [{ expr: `max by (service) (outbox_backlog{${SERVICE}})`, legend: '{{service}}' }],
      },
      {
        title: 'Oldest row waiting by service',
        kind: 'timeseries',
        unit: 's',
        queries: [{ expr: `max by (service) (outbox_oldest_age_seconds{${SERVICE}})`, legend: '{{service}}' }],
      },
      {
        title: 'Published per second by topic',
        kind: 'timeseries',
        stacked: true,
        unit: 'ops',
        queries: [{ expr: `sum by (topic) (rate(outbox_published_total{${SERVICE}}[5m]))`, legend: '{{topic}}' }],
      },
      {
        title: 'Failed publish attempts by service',
        kind: 'timeseries',
        unit: 'ops',
        queries: [{ expr: `sum by (service) (rate(outbox_publish_failures_total{${SERVICE}}[5m]))`, legend: '{{service}}' }],
      },
      {
        title: 'Outbox VACUUMs run by the relay, by service',
        kind: 'timeseries',
        unit: 'ops',
        queries: [{ expr: `sum by (service) (rate(outbox_vacuums_total{${SERVICE}}[5m]))`, legend: '{{service}}' }],
      },
    ],
  },
  {
    uid: 'wco-consumers',
    file: 'consumers.json',
    title: 'WCO platform: consumers and dead letters',
    description:
      "Each consumer group's lag on the broker (committed offset against end offset, sampled), processing and redelivery rates, dead letters by reason and what the DLQs keep.",
    panels: [
      { title: 'Lag by group and topic', kind: 'timeseries', queries: [{ expr: groupLag, legend: '{{group}} {{topic}}' }] },
      {
        title: 'Lag by partition (partitions bound a group’s parallelism)',
        kind: 'timeseries',
        queries: [
          { expr: `max by (group, topic, partition) (consumer_group_lag{${SERVICE}})`, legend: '{{group}} {{topic}}/{{partition}}' },
        ],
      },
      {
        title: 'Lag each instance saw in its last batch',
        description:
          'consumer_lag: set while processing, so it goes stale when a consumer stops fetching; the panels above sample the broker.',
        kind: 'timeseries',
        queries: [{ expr: `max by (group, topic, partition) (consumer_lag{${SERVICE}})`, legend: '{{group}} {{topic}}/{{partition}}' }],
      },
      {
        title: 'Events applied per second',
        kind: 'timeseries',
        stacked: true,
        unit: 'ops',
        queries: [{ expr: `sum by (group, topic) (rate(consumer_processed_total{${SERVICE}}[5m]))`, legend: '{{group}} {{topic}}' }],
      },
      {
        title: 'Redeliveries absorbed by the inbox',
        kind: 'timeseries',
        unit: 'ops',
        queries: [{ expr: `sum by (group, topic) (rate(consumer_duplicates_total{${SERVICE}}[5m]))`, legend: '{{group}} {{topic}}' }],
      },
      {
        title: 'Dead-lettered per minute by topic and reason',
        kind: 'timeseries',
        stacked: true,
        queries: [{ expr: `sum by (topic, reason) (increase(dlq_messages_total{${SERVICE}}[1m]))`, legend: '{{topic}} {{reason}}' }],
      },
      {
        title: 'Messages kept on each DLQ',
        kind: 'bargauge',
        queries: [{ expr: `max by (topic) (dlq_size{${SERVICE}})`, legend: '{{topic}}' }],
        thresholds: { red: 1 },
      },
      {
        title: 'Sampling errors (stale figures)',
        kind: 'timeseries',
        width: 24,
        queries: [
          { expr: `sum by (service, source) (increase(metrics_sampling_errors_total{${SERVICE}}[5m]))`, legend: '{{service}} {{source}}' },
        ],
      },
    ],
  },
  {
    uid: 'wco-sagas',
    file: 'sagas.json',
    title: 'WCO platform: mission-funding saga',
    description:
      'Both sides of the saga from their own tables: assistance missions by funding status, budget-audit commitments of missions by status.',
    panels: [
      {
        title: 'Missions by funding status (assistance)',
        kind: 'timeseries',
        stacked: true,
        queries: [{ expr: 'max by (state) (saga_state{saga="mission-funding"})', legend: '{{state}}' }],
      },
      {
        title: 'Mission commitments by status (budget-audit)',
        kind: 'timeseries',
        stacked: true,
        queries: [{ expr: 'max by (state) (saga_state{saga="funding-commitment"})', legend: '{{state}}' }],
      },
      {
        title: 'Waiting for an answer (pending)',
        kind: 'stat',
        width: 12,
        queries: [{ expr: 'max(saga_state{saga="mission-funding",state="pending"})' }],
        thresholds: { yellow: 10, red: 100 },
      },
      {
        title: 'Rejected (insufficient funds, closed year)',
        kind: 'stat',
        width: 12,
        queries: [{ expr: 'max(saga_state{saga="mission-funding",state="rejected"})' }],
      },
    ],
  },
  {
    uid: 'wco-notifications',
    file: 'notifications.json',
    title: 'WCO platform: notifications to Members',
    description:
      'Delivery attempts of matches, releases and mission news (SSE and webhooks) by outcome: delivered, failed (retried), given up.',
    panels: [
      {
        title: 'Delivery attempts per second by outcome',
        kind: 'timeseries',
        stacked: true,
        unit: 'ops',
        queries: [{ expr: 'sum by (outcome) (rate(wco_notification_deliveries_total[5m]))', legend: '{{outcome}}' }],
      },
      {
        title: 'Failed share of attempts',
        kind: 'timeseries',
        unit: 'percentunit',
        queries: [
          {
            expr: 'sum(rate(wco_notification_deliveries_total{outcome="failed"}[10m])) / sum(rate(wco_notification_deliveries_total[10m]))',
            legend: 'failed',
          },
        ],
      },
      {
        title: 'Given up in the last hour',
        kind: 'stat',
        width: 12,
        queries: [{ expr: 'sum(increase(wco_notification_deliveries_total{outcome="given_up"}[1h]))' }],
        thresholds: { red: 1 },
      },
      {
        title: 'Gateway consumer lag (events still to deliver)',
        kind: 'stat',
        width: 12,
        queries: [{ expr: 'sum(max by (group, topic, partition) (consumer_group_lag{service="gateway"}))' }],
        thresholds: { yellow: 100, red: 1000 },
      },
    ],
  },
];

/** File name → dashboard JSON as committed (generated like deploy/kafka/topics.yaml, so left out of Prettier). */
export function renderDashboards(): Record<string, string> {
  return Object.fromEntries(DASHBOARDS.map((d) => [d.file, `${JSON.stringify(dashboardJson(d), null, 2)}\n`]));
}
