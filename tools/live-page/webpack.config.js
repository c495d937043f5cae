const nodeAppWebpackConfig = require('../../tools/build/node-app.webpack');

module.exports = nodeAppWebpackConfig(__dirname, {
  distFolder: 'tools',
  generatePackageJson: false,
  // The browser's files, served from dist/tools/live-page/public: nothing comes from the internet.
  assets: ['./src/public'],
});
