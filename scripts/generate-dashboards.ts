/* Writes observability/grafana/dashboards/*.json from deploy/observability/dashboards.render.ts. */
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDashboards } from '../deploy/observability/dashboards.render';

function main(): void {
  const dir = join(__dirname, '../observability/grafana/dashboards');
  const rendered = renderDashboards();
  for (const file of readdirSync(dir)) if (file.endsWith('.json') && !(file in rendered)) unlinkSync(join(dir, file));
  for (const [file, json] of Object.entries(rendered)) writeFileSync(join(dir, file), json);
  process.stdout.write(`${Object.keys(rendered).length} dashboards written to observability/grafana/dashboards\n`);
}

main();
