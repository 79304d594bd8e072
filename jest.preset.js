// Shared Jest settings: SWC transform with decorator metadata (Nest DI needs it), @wco/* aliases, test kinds.
const path = require('node:path');
const root = __dirname;

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@wco/(.*)$': path.join(root, 'libs/$1/src/index.ts') },
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  setupFiles: [path.join(root, 'libs/testing/src/jest-env.ts')],
  testTimeout: 60000,
};
module.exports.swcTransform = swc;
