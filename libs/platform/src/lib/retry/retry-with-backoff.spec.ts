import { retryWithBackoff } from './retry-with-backoff';

describe('retryWithBackoff', () => {
  it('retries until the work succeeds, reporting each failure with a delay within the bounds', async () => {
    const failures: { attempt: number; delayMs: number }[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async (attempt) => {
        calls += 1;
        if (attempt < 4) {
          throw new Error(`boom ${attempt}`);
        }
        return 'done';
      },
      {
        initialMs: 1,
        maxMs: 5,
        onRetry: ({ attempt, delayMs }) => failures.push({ attempt, delayMs }),
      },
    );
    expect(result).toBe('done');
    expect(calls).toBe(4);
    expect(failures.map((failure) => failure.attempt)).toEqual([1, 2, 3]);
    for (const { delayMs } of failures) {
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThanOrEqual(5);
    }
  });

  it('throws the last error once maxAttempts is reached', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async (attempt) => {
          calls += 1;
          throw new Error(`failure ${attempt}`);
        },
        { initialMs: 1, maxMs: 2, maxAttempts: 3 },
      ),
    ).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });

  it('does not retry an error that is not retryable', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls += 1;
          throw new Error('permanent');
        },
        { initialMs: 1, maxMs: 2, isRetryable: () => false },
      ),
    ).rejects.toThrow('permanent');
    expect(calls).toBe(1);
  });

  it('stops waiting as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = retryWithBackoff(
      async () => {
        throw new Error('down');
      },
      { initialMs: 60_000, maxMs: 60_000, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow('down');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
