const nodeAppWebpackConfig = require('../../tools/build/node-app.webpack');

module.exports = nodeAppWebpackConfig(__dirname, {
  distFolder: 'tools',
  generatePackageJson: false,
  // standardwebhooks (and its two small dependencies) inside main.js: the image copies only it.
  bundleDependencies: true,
});
