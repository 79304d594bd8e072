module.exports = { ...require('../../jest.preset'), displayName: 'research-catalogue', rootDir: __dirname };
