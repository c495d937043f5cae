import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // This lib is the one place allowed to touch kafkajs.
    files: ['**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
];
