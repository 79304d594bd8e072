module.exports = { ...require('../../jest.preset'), displayName: 'assistance', rootDir: __dirname };
