module.exports = { ...require('../../jest.preset'), displayName: 'chaos-e2e', rootDir: __dirname };
