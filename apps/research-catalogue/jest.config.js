const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'research-catalogue',
  rootDir: __dirname,
  // citation-js requires node-fetch 3, an ES module Jest's CommonJS runtime cannot load (see the shim).
  moduleNameMapper: { ...preset.moduleNameMapper, '^node-fetch$': '<rootDir>/src/testing/node-fetch-shim.js' },
};
