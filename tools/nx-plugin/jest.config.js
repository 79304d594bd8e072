module.exports = { ...require('../../jest.preset'), displayName: 'nx-plugin', rootDir: __dirname };
