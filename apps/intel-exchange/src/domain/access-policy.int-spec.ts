import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@wco/testing';
import { canSeeReport, visibilityPredicate } from './access-policy';
import { MATRIX_OPERATIONS, matrixCallers, matrixReports, operationFor } from './testing/access-matrix';

// The SQL predicate and the pure functions must give the same answer for every report and caller: list queries
// filter with the former, detail and export with the latter.
describe('visibilityPredicate on PostgreSQL agrees with canSeeReport', () => {
  let db: TestDatabase;
  let client: Client;
  const reports = matrixReports();

  beforeAll(async () => {
    db = await createTestDatabase('intel_policy');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`
      CREATE TABLE operation (id uuid PRIMARY KEY, coordinator_member text NOT NULL, state text NOT NULL);
      CREATE TABLE operation_participant (operation_id uuid REFERENCES operation(id), member text NOT NULL,
        PRIMARY KEY (operation_id, member));
      CREATE TABLE report (id uuid PRIMARY KEY, originator_member text NOT NULL, distribution_level text NOT NULL,
        distribution_members text[] NOT NULL, tlp text NOT NULL, operation_id uuid REFERENCES operation(id));`);
    for (const o of MATRIX_OPERATIONS) {
      await client.query('INSERT INTO operation VALUES ($1, $2, $3)', [o.id, o.coordinatorMember, o.state]);
      for (const m of o.participantMembers) await client.query('INSERT INTO operation_participant VALUES ($1, $2)', [o.id, m]);
    }
    await client.query(
      `INSERT INTO report SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS x(id uuid, originator_member text, distribution_level text, distribution_members text[], tlp text, operation_id uuid)`,
      [
        JSON.stringify(
          reports.map((r) => ({
            id: r.id,
            originator_member: r.originatorMember,
            distribution_level: r.distribution.level,
            distribution_members: r.distribution.members ?? [],
            tlp: r.tlp,
            operation_id: r.operationId ?? null,
          })),
        ),
      ],
    );
  }, 30_000);

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it.each(matrixCallers().map((c) => [`${c.member} as ${c.roles.join('+')}`, c] as const))('%s', async (_label, caller) => {
    const predicate = visibilityPredicate(caller, 'r', 1);
    const { rows } = await client.query<{ id: string }>(`SELECT r.id FROM report r WHERE ${predicate.sql}`, predicate.params);
    const fromSql = rows.map((row) => row.id).sort();
    const fromPolicy = reports
      .filter((r) => canSeeReport(caller, r, operationFor(r)))
      .map((r) => r.id)
      .sort();
    expect(fromSql).toEqual(fromPolicy);
  });
});
