import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A report list with an equality filter (type, operation, concealment, detection) reads the newest matching reports
 * straight from an index in list order, instead of walking the whole listing index past the reports that do not
 * match (a rare concealment method cost a scan of thousands of rows per page). The type and operation indexes
 * replace the single-column ones, which they cover, so a submission maintains two indexes more, not four.
 */
export class ReportListingIndexes1767398400000 implements MigrationInterface {
  name = 'ReportListingIndexes1767398400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX reports_type_listing_idx ON report (type, detected_at DESC, id DESC)`);
    await q.query(`DROP INDEX reports_type_idx`);
    await q.query(
      `CREATE INDEX reports_operation_listing_idx ON report (operation_id, detected_at DESC, id DESC) WHERE operation_id IS NOT NULL`,
    );
    await q.query(`DROP INDEX reports_operation_idx`);
    await q.query(
      `CREATE INDEX reports_concealment_listing_idx ON report (concealment, detected_at DESC, id DESC) WHERE concealment IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX reports_detection_listing_idx ON report (detection, detected_at DESC, id DESC) WHERE detection IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reports_detection_listing_idx`);
    await q.query(`DROP INDEX reports_concealment_listing_idx`);
    await q.query(`CREATE INDEX reports_operation_idx ON report (operation_id) WHERE operation_id IS NOT NULL`);
    await q.query(`DROP INDEX reports_operation_listing_idx`);
    await q.query(`CREATE INDEX reports_type_idx ON report (type)`);
    await q.query(`DROP INDEX reports_type_listing_idx`);
  }
}
