/**
 * kafkajs 2.2.4 (its last release) re-arms a timer in every connection's request queue after
 * each check, even with nothing queued: the delay is then `throttledUntil - now`, negative,
 * so Node runs it after 1 ms. Each idle connection wakes its process about 1,000 times a
 * second (880 voluntary context switches a second, 4.5 % of a core, measured on the idle
 * backfill app). With nothing pending there is nothing to check: a request queued later
 * schedules its own check (RequestQueue#push), so skipping the timer changes nothing else.
 */
interface RequestQueuePrototype {
  pending: unknown[];
  scheduleCheckPendingRequests(this: RequestQueuePrototype): void;
}

const FIXED = Symbol.for('engagement-cdc.kafkajs-request-queue-idle-fix');

export function fixIdleRequestQueueTimer(): void {
  // The internal module is the one kafkajs itself requires (the apps keep node_modules external).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RequestQueue = require('kafkajs/src/network/requestQueue') as {
    prototype: RequestQueuePrototype & { [FIXED]?: true };
  };
  const prototype = RequestQueue.prototype;
  if (prototype[FIXED]) {
    return;
  }
  const schedule = prototype.scheduleCheckPendingRequests;
  prototype.scheduleCheckPendingRequests = function scheduleWhenPending(
    this: RequestQueuePrototype,
  ) {
    if (this.pending.length > 0) {
      schedule.call(this);
    }
  };
  prototype[FIXED] = true;
}
