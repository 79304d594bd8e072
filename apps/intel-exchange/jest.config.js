module.exports = { ...require('../../jest.preset'), displayName: 'intel-exchange', rootDir: __dirname };
