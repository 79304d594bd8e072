/**
 * A gauge a service reads from its own tables, e.g. how many instances of a saga are in each state. The
 * metrics sampler runs `sql` every sampling interval and replaces the gauge's series with the rows: one row
 * per series, a column per label and a numeric `value` column. A state that disappears from the rows
 * disappears from the gauge, so write the query to return 0 for the states that must always be shown.
 */
export interface SqlGauge {
  /** Prometheus metric name; several gauges of one process may share it if their label names are the same. */
  name: string;
  help: string;
  /** The label columns of the rows. */
  labelNames: string[];
  /** A read-only query over the service's own database. */
  sql: string;
}

/**
 * The state of the mission-funding saga in a service, as `saga_state{saga,state}`: the two sides register
 * their own table's states under their own `saga` label (budget-audit: commitments of missions, assistance:
 * missions' funding status).
 */
export function sagaStateGauge(saga: string, sql: string): SqlGauge {
  return {
    name: 'saga_state',
    help: 'Saga instances by saga and state, read from the owning service tables',
    labelNames: ['saga', 'state'],
    sql: `SELECT '${saga.replace(/'/g, "''")}'::text AS saga, s.state::text AS state, s.value::float8 AS value FROM (${sql}) s`,
  };
}
