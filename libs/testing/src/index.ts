export { testInfra, parseBrokers, tcpReachable, dockerEngineAvailable, DEFAULT_DATABASE_URL, DEFAULT_KAFKA_BROKERS } from './infra';
export type { TestInfra } from './infra';
export { createTestDatabase, databaseUrlFor } from './database';
export type { TestDatabase } from './database';
export { uniqueTopic, createTopics, deleteTopics } from './topics';
export type { TestTopic } from './topics';
export { DedicatedBroker } from './dedicated-broker';
export { standardsPath } from './standards';
