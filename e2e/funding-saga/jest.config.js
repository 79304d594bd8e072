module.exports = { ...require('../../jest.preset'), displayName: 'funding-saga-e2e', rootDir: __dirname };
