module.exports = { ...require('../../jest.preset'), displayName: 'audit-verifier', rootDir: __dirname };
