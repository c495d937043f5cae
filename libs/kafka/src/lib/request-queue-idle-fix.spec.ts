import { fixIdleRequestQueueTimer } from './request-queue-idle-fix';

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
}

function aQueue(pending: unknown[]): Queue {
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: Queue };
  return Object.assign(Object.create(RequestQueue.prototype) as Queue, {
    pending,
    throttledUntil: -1,
    throttleCheckTimeoutId: null,
  });
}

describe('fixIdleRequestQueueTimer', () => {
  beforeAll(() => fixIdleRequestQueueTimer());

  it('arms no timer when nothing is queued (kafkajs would arm a 1 ms one)', () => {
    const queue = aQueue([]);
    queue.scheduleCheckPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('still schedules the check of a queued request', () => {
    const queue = aQueue([{ request: 'waiting' }]);
    queue.scheduleCheckPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(queue.throttleCheckTimeoutId as NodeJS.Timeout);
  });

  it('patches once however many clients are made', () => {
    fixIdleRequestQueueTimer();
    const queue = aQueue([]);
    queue.scheduleCheckPendingRequests();
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });
});
