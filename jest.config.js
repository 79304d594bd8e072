// Runs every project's tests in one Jest run. Infrastructure (Kafka, PostgreSQL) is resolved once in globalSetup.
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const swcTransform = require('./jest.swc');

const projects = ['libs', 'apps', 'e2e', 'tools', '.']
  .flatMap((dir) =>
    dir === '.' ? ['deploy'] : existsSync(join(__dirname, dir)) ? readdirSync(join(__dirname, dir)).map((p) => join(dir, p)) : [],
  )
  .map((p) => join(__dirname, p, 'jest.config.js'))
  .filter((p) => existsSync(p));

module.exports = {
  projects,
  transform: { '^.+\\.ts$': swcTransform },
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  maxWorkers: 2,
};
