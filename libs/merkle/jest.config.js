module.exports = { ...require('../../jest.preset'), displayName: 'merkle', rootDir: __dirname };
