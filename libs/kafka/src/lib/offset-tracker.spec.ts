import { OffsetTracker } from './offset-tracker';

describe('OffsetTracker', () => {
  it('commits the offset after a completed batch', () => {
    const tracker = new OffsetTracker();
    tracker.batchDone('9');
    expect(tracker.takeCommittable()).toBe('10');
    expect(tracker.takeCommittable()).toBeNull();
  });

  it('holds the commit at the oldest deferred offset until it completes', () => {
    const tracker = new OffsetTracker();
    tracker.batchDone('9', ['4', '7']);
    expect(tracker.takeCommittable()).toBe('4');
    tracker.batchDone('19');
    expect(tracker.takeCommittable()).toBeNull();
    tracker.deferredDone('7');
    expect(tracker.takeCommittable()).toBeNull();
    tracker.deferredDone('4');
    expect(tracker.takeCommittable()).toBe('20');
    expect(tracker.inFlight).toBe(0);
  });

  it('has nothing to commit before the first batch', () => {
    expect(new OffsetTracker().takeCommittable()).toBeNull();
  });
});
