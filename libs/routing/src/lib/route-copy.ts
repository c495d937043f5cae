import { RecordHeaders } from '@cdc/contracts';

/**
 * The headers of a route copy: the enriched (or backfill) record's own, plus x-route. A
 * backfill's x-target-sinks is left out: it names sinks of the backfill topic, and on a route
 * topic it would make a sink that consumes the route skip the record. Whoever consumes a route
 * topic is its target.
 */
export function routeCopyHeaders(
  headers: Readonly<Record<string, string>>,
  route: string,
): Record<string, string> {
  const { [RecordHeaders.targetSinks]: _targetSinks, ...kept } = headers;
  return { ...kept, [RecordHeaders.route]: route };
}
