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

  it('covers a position once a change at or after it is applied, never moving back', () => {
    const catalog = new ContentCatalog();
    expect(catalog.covers({ commit: 5n, lsn: 6n })).toBe(false);
    catalog.markApplied({ commit: 10n, lsn: 12n });
    catalog.markApplied({ commit: 10n, lsn: 11n });
    expect(catalog.appliedThrough).toEqual({ commit: 10n, lsn: 12n });
    expect(catalog.covers({ commit: 10n, lsn: 12n })).toBe(true);
    expect(catalog.covers({ commit: 10n, lsn: 13n })).toBe(false);
    expect(catalog.covers(null)).toBe(false);
  });

  it('replaces the table with a new snapshot, dropping rows it no longer holds', () => {
    const catalog = new ContentCatalog();
    catalog.upsert(content);
    catalog.replaceAll([{ ...content, id: 'c2' }]);
    expect([catalog.get('c1'), catalog.get('c2')?.id]).toEqual([undefined, 'c2']);
  });
});
