import {
  aContent,
  anEvent,
  type AppProcess,
  KafkaFixture,
  SourceDbFixture,
  waitUntil,
} from '@cdc/testing';

import { ReceiverProcess } from '../harness/receiver-process';
import { WebhookSinkHarness } from '../harness/webhook-sink-harness';
import {
  ROUTING_PORTS,
  runSuffix,
  startRoutingEnrichment,
  writeRoutesFile,
} from './routing.support';

const suffix = runSuffix();
const route = `video-finishes-${suffix}`;
const topic = `engagement.route.${route}.v1`;
const ROUTES = `
routes:
  - name: ${route}
    where:
      and:
        - { field: event_type, eq: finish }
        - { field: content_type, eq: video }
        - { payload: [e2e_run], eq: "${suffix}" }
`;

describe('routes: a webhook sink consuming a route topic delivers only that route', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  // The reference receiver on a port of its own, away from the webhook-sink tests' receiver.
  const receiver = new ReceiverProcess(4191);
  const sink = new WebhookSinkHarness({
    name: `route-${suffix}`,
    port: ROUTING_PORTS.webhookSink,
    receiver,
    env: { SINK_SOURCE_TOPICS: topic },
  });
  let enrichment: AppProcess;

  beforeAll(async () => {
    enrichment = await startRoutingEnrichment(kafka, writeRoutesFile(ROUTES), suffix);
    await receiver.start();
    await sink.start();
  });

  afterAll(async () => {
    await sink.close();
    await enrichment?.kill('SIGTERM');
    await receiver.stop();
    await kafka.close();
    await db.close();
  });

  it('delivers exactly the events of engagement.route.video-finishes.v1, once each', async () => {
    const video = await db.insertContent(aContent({ content_type: 'video', length_seconds: 100 }));
    const podcast = await db.insertContent(
      aContent({ content_type: 'podcast', length_seconds: 100 }),
    );
    const types = ['play', 'pause', 'finish', 'click'] as const;
    const rows = Array.from({ length: 400 }, (_, i) =>
      anEvent({
        content_id: [video.id, podcast.id, null][i % 3] ?? null,
        event_type: types[Math.floor(i / 3) % 4]!,
        duration_ms: 1000 * (i % 100),
        raw_payload: { e2e_run: suffix, i },
      }),
    );
    const ids = await db.insertEvents(rows);
    const expected = ids.filter(
      (_, i) => rows[i]!.event_type === 'finish' && rows[i]!.content_id === video.id,
    );
    expect(expected.length).toBeGreaterThan(20);

    await waitUntil(
      async () => ((await receiver.events()).length >= expected.length ? true : undefined),
      `${expected.length} deliveries`,
      60_000,
      250,
    );
    // Anything else (another event type, a podcast, a duplicate) would arrive right behind.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const received = await receiver.events();
    expect(received.map((event) => event.event_id).sort()).toEqual([...expected].sort());
    expect(received.map((event) => event.deliveries)).toEqual(expected.map(() => 1));
    expect((await receiver.stats()).uniqueEvents).toBe(expected.length);
  });
});
