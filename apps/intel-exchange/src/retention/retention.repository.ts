import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReportContent } from '../reports/report-version.entity';

/** The SQL of the retention sweep: RetentionService reads as the purge use case on top of it. */
@Injectable()
export class RetentionRepository {
  /** Claims due reports with FOR UPDATE SKIP LOCKED so concurrent sweepers never take the same one. */
  claimDue(em: EntityManager, today: Date, limit: number): Promise<{ id: string; originator_member: string }[]> {
    return em.query(
      `SELECT id, originator_member FROM report
        WHERE purged_at IS NULL AND retention_until < $1::date
        ORDER BY retention_until, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [today.toISOString().slice(0, 10), limit],
    );
  }

  async deletePersonalData(em: EntityManager, reportId: string): Promise<void> {
    await em.query(`DELETE FROM restricted.report_personal_data WHERE report_id = $1`, [reportId]);
  }

  versions(em: EntityManager, reportId: string): Promise<{ version: number; content: ReportContent }[]> {
    return em.query(`SELECT version, content FROM report_version WHERE report_id = $1`, [reportId]);
  }

  async replaceVersionContent(em: EntityManager, reportId: string, version: number, content: unknown): Promise<void> {
    await em.query(`UPDATE report_version SET content = $3::jsonb WHERE report_id = $1 AND version = $2`, [
      reportId,
      version,
      JSON.stringify(content),
    ]);
  }

  async markPurged(em: EntityManager, reportId: string, now: Date): Promise<void> {
    await em.query(`UPDATE report SET purged_at = $2, personal_data_released_to = '{}', hs_codes = '{}', updated_at = $2 WHERE id = $1`, [
      reportId,
      now.toISOString(),
    ]);
  }

  async clearCorrections(em: EntityManager, reportId: string): Promise<void> {
    await em.query(`UPDATE report_correction SET changes = '{}'::jsonb, comment = NULL WHERE report_id = $1`, [reportId]);
  }
}
