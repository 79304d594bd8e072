/* Testcontainers path, taken only when a Docker engine answers. Containers live for the Jest run and are
 * reaped by Testcontainers' Ryuk sidecar when the process exits. */
export async function startContainers(): Promise<{ databaseUrl: string; kafkaBrokers: string }> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const [pg, kafka] = await Promise.all([
    new PostgreSqlContainer('postgres:15-alpine').withUsername('postgres').withPassword('postgres').start(),
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start(),
  ]);
  return {
    databaseUrl: pg.getConnectionUri(),
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
  };
}
