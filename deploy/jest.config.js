module.exports = { ...require('../jest.preset'), displayName: 'deploy', rootDir: __dirname };
