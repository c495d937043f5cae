import type { SinkName } from '@cdc/contracts';

export interface SinkOptions {
  /** The name in x-target-sinks and in the `sink` label of every sink metric. */
  sink: SinkName;
  deadLetterTopic: string;
}

export const SINK_OPTIONS = Symbol('SINK_OPTIONS');

/** The stage named in this sink's dead letters, e.g. "redis-sink". */
export function sinkStage(sink: SinkName): string {
  return `${sink}-sink`;
}
