import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import type { BatchContext, InboundRecord } from '@cdc/kafka';
import type { SinkMetrics, SinkRecord } from '@cdc/sink-runtime';
import type { WebhookDeliveries } from '@cdc/webhook-delivery';

import { WebhookSinkConfig } from './webhook-sink.config';
import { WebhookSinkTask } from './webhook-sink.task';

function sinkRecord(offset: string, contentType: 'video' | 'podcast'): SinkRecord {
  return {
    record: { offset } as InboundRecord,
    event: {
      event_id: `e${offset}`,
      event_type: 'play',
      content_type: contentType,
      origin: 'cdc',
    } as EnrichedEngagementEventV1,
  };
}

describe('WebhookSinkTask', () => {
  it('counts filtered events, defers the others on their delivery, then waits for capacity', async () => {
    const config = Object.assign(new WebhookSinkConfig(), { WEBHOOK_CONTENT_TYPES: ['video'] });
    const delivered = Promise.resolve();
    const calls: string[] = [];
    const deliveries = {
      submit: (event: EnrichedEngagementEventV1) => {
        calls.push(`submit ${event.event_id}`);
        return delivered;
      },
      awaitCapacity: async () => {
        calls.push('awaitCapacity');
      },
    } as unknown as WebhookDeliveries<InboundRecord>;
    const counted: string[] = [];
    const metrics = {
      count: (outcome: string) => void counted.push(outcome),
    } as unknown as SinkMetrics;
    const task = new WebhookSinkTask(config, deliveries, metrics);
    const records = [
      sinkRecord('1', 'video'),
      sinkRecord('2', 'podcast'),
      sinkRecord('3', 'video'),
    ];

    const result = await task.put(records, {} as BatchContext);

    expect(counted).toEqual(['filtered']);
    expect(calls).toEqual(['submit e1', 'submit e3', 'awaitCapacity']);
    expect(result.deferred).toEqual([
      { record: records[0]!.record, settled: delivered },
      { record: records[2]!.record, settled: delivered },
    ]);
  });
});
