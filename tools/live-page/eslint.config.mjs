import baseConfig from '../../eslint.config.mjs';

/** The browser globals the page's script uses (named here rather than pulling in a package). */
const browser = Object.fromEntries(
  ['window', 'document', 'EventSource', 'URL', 'URLSearchParams', 'FormData', 'CSS'].map((name) => [
    name,
    'readonly',
  ]),
);

export default [
  ...baseConfig,
  {
    // The page's own script runs in the browser as a classic script: no bundler, no framework.
    files: ['src/public/**/*.js'],
    languageOptions: { globals: browser, sourceType: 'script' },
    rules: { curly: ['error', 'all'] },
  },
];
