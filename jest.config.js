// Runs every project's tests in one Jest run. Infrastructure (Kafka, PostgreSQL) is resolved once in globalSetup.
const { swcTransform } = require('./jest.preset');
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/apps/*/jest.config.js'],
  transform: { '^.+\\.ts$': swcTransform },
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  maxWorkers: 2,
};
