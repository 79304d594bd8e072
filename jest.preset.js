// Shared Jest settings: SWC transform with decorator metadata (Nest DI needs it), @wco/* aliases, test kinds.
const path = require('node:path');
const root = __dirname;

const swc = require('./jest.swc');

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@wco/(.*)$': path.join(root, 'libs/$1/src/index.ts') },
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  setupFiles: [path.join(root, 'libs/testing/src/jest-env.ts')],
  testTimeout: 60000,
};
