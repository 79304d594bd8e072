module.exports = { ...require('../../jest.preset'), displayName: 'platform-e2e', rootDir: __dirname };
