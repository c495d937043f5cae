const nodeAppWebpackConfig = require('../../tools/build/node-app.webpack');

module.exports = nodeAppWebpackConfig(__dirname, {
  distFolder: 'tools',
  generatePackageJson: false,
});
