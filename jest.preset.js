// Shared Jest settings: SWC transform with decorator metadata (Nest DI needs it), @wco/* aliases, test kinds.
const path = require('node:path');
const root = __dirname;

const swc = require('./jest.swc');

module.exports = {
  testEnvironment: 'node',
  // jose 6, content-disposition 3 (via @fastify/static) and Scalar's API reference (the gateway) are ESM-only;
  // Jest's loader cannot require() them, so SWC compiles them to CommonJS. Node 24 itself loads them natively at run time.
  transform: { '^.+\\.ts$': swc, '/node_modules/(jose|content-disposition|@scalar|github-slugger)/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(jose|content-disposition|@scalar|github-slugger)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@wco/(.*)$': path.join(root, 'libs/$1/src/index.ts') },
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  setupFiles: [path.join(root, 'libs/testing/src/jest-env.ts')],
  testTimeout: 60000,
};
