module.exports = { ...require('../../jest.preset'), displayName: 'budget-audit', rootDir: __dirname };
