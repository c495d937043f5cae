import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

/**
 * Unit tests of every project. End-to-end tests need the stack and run on their own
 * (pipeline-e2e); the e2e project's own unit tests (the benchmark's arithmetic) run here.
 */
export default async (): Promise<Config> => ({
  projects: [
    ...(await getJestProjectsAsync()).filter((project) => !String(project).includes('/e2e/')),
    '<rootDir>/e2e/pipeline/jest.unit.config.cts',
  ],
});
