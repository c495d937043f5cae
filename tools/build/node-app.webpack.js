const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

/**
 * The webpack config every Nest service shares: one Node bundle per app in dist/apps/<app>,
 * with a package.json of its production dependencies for the image.
 * @param {string} projectDir the app's folder (its webpack.config.js passes __dirname)
 * @param {{ distFolder?: string, generatePackageJson?: boolean, bundleDependencies?: boolean,
 *   assets?: string[] }} [options] tools build into dist/tools without a package.json;
 *   `bundleDependencies` puts their few npm dependencies inside main.js (an image of the bundle
 *   alone still runs), `assets` copies folders of the project (e.g. a web page's files) beside it
 */
module.exports = function nodeAppWebpackConfig(
  projectDir,
  { distFolder = 'apps', generatePackageJson = true, bundleDependencies = false, assets = [] } = {},
) {
  return {
    output: {
      path: join(projectDir, '../../dist', distFolder, basename(projectDir)),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson,
        sourceMap: true,
        ...(bundleDependencies && { externalDependencies: 'none' }),
        ...(assets.length > 0 && { assets }),
      }),
    ],
  };
};
