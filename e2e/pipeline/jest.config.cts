/** End-to-end tests against the real local stack (npm run stack -- up). Run serially: they share it. */
module.exports = {
  displayName: 'pipeline-e2e',
  rootDir: __dirname,
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/src/support/pipeline-topics.setup.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
