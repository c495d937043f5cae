import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { type DeadLetterRecordV1, decodeBytes, Topics } from '@cdc/contracts';
import { enrichedStream, KafkaFixture, publishEnriched, waitUntil } from '@cdc/testing';

import { WebhookSinkHarness } from '../harness';

const WORKSPACE_ROOT = join(__dirname, '../../../..');

/** Runs the replay command as an operator would; returns its JSON report (the last stdout line). */
function runReplay(
  env: Record<string, string>,
  args: string[],
): { status: number | null; report: Record<string, unknown>; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      '-r',
      'tsconfig-paths/register',
      'apps/webhook-sink/src/cli/replay-dlq.ts',
      ...args,
    ],
    {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        TS_NODE_PROJECT: 'tsconfig.base.json',
        LOG_LEVEL: 'warn',
        ...env,
      },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const lines = result.stdout.trim().split('\n');
  return {
    status: result.status,
    report: JSON.parse(lines[lines.length - 1] || '{}') as Record<string, unknown>,
    stderr: result.stderr,
  };
}

describe('webhook sink dead letters', () => {
  const kafka = new KafkaFixture();
  const webhook = new WebhookSinkHarness({ name: 'dlq' });
  const receiver = webhook.receiver;

  beforeAll(() => receiver.start());
  afterAll(async () => {
    await webhook.close();
    await kafka.close();
  });

  it('dead-letters an event the receiver answers 400 while the others flow, and replay delivers it once the fault is cleared', async () => {
    const { events } = enrichedStream(20, 4);
    const poisoned = events[5]!;
    const ids = new Set(events.map((event) => event.event_id));
    await receiver.faults({ failIds: [poisoned.event_id] });
    const deadLetters = await kafka.tail([Topics.webhookSinkDeadLetter]);
    await webhook.placeAtEnd();
    await webhook.start();
    await publishEnriched(kafka, events);

    const [record] = await deadLetters.waitFor(
      (candidate) =>
        (JSON.parse(candidate.value!.toString()) as DeadLetterRecordV1).event_id ===
        poisoned.event_id,
      1,
      60_000,
    );
    const letter = JSON.parse(record!.value!.toString()) as DeadLetterRecordV1;
    expect(letter).toMatchObject({
      schema_version: 1,
      stage: 'webhook-sink',
      reason: `rejected permanently: HTTP 400: {"error":"event ${poisoned.event_id} rejected by fault injection"}`,
      event_id: poisoned.event_id,
      // The batch it came in (rejected whole), then the event on its own.
      attempts: 2,
      last_status: 400,
      source: { topic: Topics.enriched },
    });
    expect(JSON.parse(decodeBytes(letter.original.value_base64)!.toString())).toEqual(poisoned);

    const others = await waitUntil(
      async () => {
        const received = await receiver.eventsAmong(ids);
        return received.length === 19 ? received : undefined;
      },
      'the 19 other events',
      60_000,
      200,
    );
    expect(others.map((event) => event.event_id).sort()).toEqual(
      [...ids].filter((id) => id !== poisoned.event_id).sort(),
    );

    await receiver.faults({ failIds: [] });
    const replay = runReplay(webhook.environment, [`--event-id=${poisoned.event_id}`]);
    expect({ status: replay.status, stderr: replay.status === 0 ? '' : replay.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    expect(replay.report).toMatchObject({
      topic: Topics.webhookSinkDeadLetter,
      matched: 1,
      delivered: 1,
      failed: 0,
      undecodable: 0,
    });
    expect(replay.report['results']).toEqual([
      expect.objectContaining({
        event_id: poisoned.event_id,
        outcome: 'delivered',
        status: 200,
        attempts: 1,
        error: null,
      }),
    ]);

    const all = await receiver.eventsAmong(ids);
    expect(all.map((event) => event.event_id).sort()).toEqual([...ids].sort());
    expect(all.find((event) => event.event_id === poisoned.event_id)).toMatchObject({
      idempotency_key: poisoned.event_id,
      deliveries: 1,
    });
  });
});
