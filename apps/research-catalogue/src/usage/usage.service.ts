import { Injectable, Logger } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isRobot } from './robots';

export type UsageKind = 'view' | 'download';

/** COUNTER's double-click window: repeated requests for the same item by the same client within it count once. */
export const DOUBLE_CLICK_SECONDS = 30;

export class UsageMonthView {
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() views: number;
  @ApiProperty() downloads: number;
}

export class VersionUsageView {
  @ApiProperty() version: number;
  @ApiProperty({ type: [UsageMonthView] }) months: UsageMonthView[];
}

export class UsageView {
  @ApiProperty({ type: [VersionUsageView] }) versions: VersionUsageView[];
}

export interface ClientFacts {
  address: string;
  userAgent?: string;
}

@Injectable()
export class UsageService {
  private readonly logger = new Logger(UsageService.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one view or download of a version, unless the client is a robot or made the same request within the
   * double-click window. A failure to count is logged, never the reader's problem.
   */
  async record(versionId: string, kind: UsageKind, client: ClientFacts, now: Date = new Date()): Promise<boolean> {
    if (isRobot(client.userAgent)) return false;
    try {
      return await this.dataSource.transaction(async (em) => {
        const day = now.toISOString().slice(0, 10);
        await em.query(`INSERT INTO usage_salt (day, salt) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [day, randomBytes(32)]);
        const [{ salt }]: { salt: Buffer }[] = await em.query(`SELECT salt FROM usage_salt WHERE day = $1`, [day]);
        const key = createHash('sha256')
          .update(salt)
          .update(`\n${client.address}\n${client.userAgent ?? ''}\n${versionId}\n${kind}`)
          .digest('hex');
        const counted: unknown[] = await em.query(
          `INSERT INTO usage_click (key, at) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET at = EXCLUDED.at WHERE usage_click.at <= EXCLUDED.at - make_interval(secs => $3)
           RETURNING 1`,
          [key, now, DOUBLE_CLICK_SECONDS],
        );
        if (counted.length === 0) return false;
        await em.query(
          `INSERT INTO usage_count (version_id, month, kind, n) VALUES ($1, $2, $3, 1)
           ON CONFLICT (version_id, month, kind) DO UPDATE SET n = usage_count.n + 1`,
          [versionId, now.toISOString().slice(0, 7), kind],
        );
        return true;
      });
    } catch (e) {
      this.logger.error(`usage not counted: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  /** Forgets click keys past the window and salts of past days (nothing left links a count to a client). */
  async purge(now: Date = new Date()): Promise<void> {
    await this.dataSource.query(`DELETE FROM usage_click WHERE at < $1::timestamptz - interval '1 hour'`, [now]);
    await this.dataSource.query(`DELETE FROM usage_salt WHERE day < $1::date`, [now.toISOString().slice(0, 10)]);
  }

  async ofPublication(publicationId: string): Promise<UsageView> {
    const rows: { version: number; month: string; kind: UsageKind; n: string }[] = await this.dataSource.query(
      `SELECT v.version, c.month, c.kind, c.n FROM usage_count c JOIN publication_version v ON v.id = c.version_id
        WHERE v.publication_id = $1 ORDER BY v.version, c.month`,
      [publicationId],
    );
    const versions = new Map<number, Map<string, UsageMonthView>>();
    for (const r of rows) {
      const months = versions.get(r.version) ?? new Map<string, UsageMonthView>();
      versions.set(r.version, months);
      const m = months.get(r.month) ?? { month: r.month, views: 0, downloads: 0 };
      months.set(r.month, m);
      if (r.kind === 'view') m.views = Number(r.n);
      else m.downloads = Number(r.n);
    }
    return { versions: [...versions].map(([version, months]) => ({ version, months: [...months.values()] })) };
  }
}
