import { ensurePipelineTopics } from '@cdc/testing';

// Before each test file: the topics exist with production partition counts, whatever ran before.
beforeAll(() => ensurePipelineTopics(), 60_000);
