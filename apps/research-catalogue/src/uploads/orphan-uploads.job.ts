import { Injectable, Logger } from '@nestjs/common';
import { IntervalJob } from '../common/interval-job';
import { DataSource } from 'typeorm';
import { ResearchCatalogueConfig } from '../config/research-catalogue.config';
import { FileStorage } from '../storage/file-storage';
import { contentLockKey } from './file-contents';

/**
 * Deletes uploads no version lists once they are UPLOAD_ORPHAN_TTL_HOURS old: their `file_content` rows (every media
 * type of the content, and a queued text job with them) and their bytes, through the same FileStorage (local disk or
 * S3). A content is deleted only under its exclusive advisory lock (an instance already on it, or an upload of the
 * same bytes recording its row, makes the sweep pass it by) and with its rows locked FOR UPDATE, the references being
 * read after the lock: a version being written holds the rows FOR SHARE, so either the sweep sees the committed
 * version and keeps the content, or the version finds the content gone and is refused (400 naming `files`), never
 * a version pointing at deleted bytes. The bytes go before the rows' deletion commits.
 */
@Injectable()
export class OrphanUploadsJob extends IntervalJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ResearchCatalogueConfig,
    private readonly storage: FileStorage,
  ) {
    super(new Logger(OrphanUploadsJob.name), 'orphan upload sweep');
  }

  protected intervalMs(): number {
    return this.config.UPLOAD_ORPHAN_SWEEP_INTERVAL_MS;
  }

  protected work(): Promise<unknown> {
    return this.sweep();
  }

  /** Deletes the orphan uploads older than the TTL, batch by batch; returns the SHA-256 of each deleted content. */
  async sweep(batch = 500): Promise<string[]> {
    const cutoff = new Date(Date.now() - this.config.UPLOAD_ORPHAN_TTL_HOURS * 3_600_000);
    const deleted: string[] = [];
    let after = '';
    for (;;) {
      const candidates: { sha256: string }[] = await this.dataSource.query(
        `SELECT DISTINCT c.sha256 FROM file_content c
          WHERE c.created_at < $1 AND c.sha256 > $2
            AND NOT EXISTS (SELECT 1 FROM publication_file f WHERE f.sha256 = c.sha256)
            AND NOT EXISTS (SELECT 1 FROM file_content y WHERE y.sha256 = c.sha256 AND y.created_at >= $1)
          ORDER BY c.sha256 LIMIT $3`,
        [cutoff, after, batch],
      );
      for (const { sha256 } of candidates) if (await this.deleteIfOrphan(sha256, cutoff)) deleted.push(sha256);
      if (candidates.length < batch) break;
      after = candidates[candidates.length - 1].sha256;
    }
    if (deleted.length) this.logger.log(`deleted ${deleted.length} orphan upload(s)`);
    return deleted;
  }

  private async deleteIfOrphan(sha256: string, cutoff: Date): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const [{ locked }]: { locked: boolean }[] = await em.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`, [
        contentLockKey(sha256),
      ]);
      if (!locked) return false;
      const rows: { created_at: Date }[] = await em.query(
        `SELECT created_at FROM file_content WHERE sha256 = $1 ORDER BY media_type FOR UPDATE`,
        [sha256],
      );
      if (rows.length === 0 || rows.some((r) => r.created_at >= cutoff)) return false;
      // Read after the locks: a version that listed the content meanwhile has committed by now.
      const listed: unknown[] = await em.query(`SELECT 1 FROM publication_file WHERE sha256 = $1 LIMIT 1`, [sha256]);
      if (listed.length) return false;
      await em.query(`DELETE FROM file_content WHERE sha256 = $1`, [sha256]);
      await this.storage.delete(sha256);
      return true;
    });
  }
}
