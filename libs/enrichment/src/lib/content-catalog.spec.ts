import { ContentCatalog } from './content-catalog';
import type { ContentRecord } from './domain-records';

const content: ContentRecord = {
  id: 'c1',
  slug: 's',
  title: 't',
  contentType: 'video',
  lengthSeconds: 60,
  publishTs: '2026-01-01T00:00:00.000000Z',
};

describe('ContentCatalog', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes a waiter as soon as the content arrives', async () => {
    const catalog = new ContentCatalog();
    const waiting = catalog.waitFor('c1', 10_000);
    expect(catalog.pendingWaits).toBe(1);
    catalog.upsert(content);
    await expect(waiting).resolves.toBe(content);
    expect(catalog.pendingWaits).toBe(0);
  });

  it('gives up after the timeout', async () => {
    const catalog = new ContentCatalog();
    const waiting = catalog.waitFor('c1', 10_000);
    jest.advanceTimersByTime(10_000);
    await expect(waiting).resolves.toBeUndefined();
    expect(catalog.pendingWaits).toBe(0);
  });

  it('answers at once for known content and forgets removed content', async () => {
    const catalog = new ContentCatalog();
    catalog.upsert(content);
    await expect(catalog.waitFor('c1', 1)).resolves.toBe(content);
    catalog.remove('c1');
    expect(catalog.get('c1')).toBeUndefined();
  });
});
