import type { KafkaMessage } from 'kafkajs';

import type { InboundRecord } from './kafka-records';

/** A kafkajs message as the project's InboundRecord: headers as strings, arrays joined by commas. */
export function toInboundRecord(
  topic: string,
  partition: number,
  message: KafkaMessage,
): InboundRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) {
      continue;
    }
    headers[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
    timestamp: message.timestamp,
  };
}
