import { CONTENT_TYPES, type ContentType } from '@cdc/contracts';

import { TOP_MEASURES, type TopMeasure } from '../read-api/read-api-client';

/** What the reader chose: the measure, the content type, the content drilled into. */
export interface PageQuery {
  by: TopMeasure;
  contentType: ContentType | null;
  /** A content UUID, or "unknown" for events without content; null when none is selected. */
  content: string | null;
}

const CONTENT_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|unknown)$/i;

/** Reads ?by=&type=&content=; anything unexpected falls back to the default, never to an error. */
export function parsePageQuery(params: URLSearchParams): PageQuery {
  const by = params.get('by');
  const type = params.get('type');
  const content = params.get('content');
  return {
    by: TOP_MEASURES.includes(by as TopMeasure) ? (by as TopMeasure) : 'seconds',
    contentType: CONTENT_TYPES.includes(type as ContentType) ? (type as ContentType) : null,
    content: content !== null && CONTENT_ID.test(content) ? content.toLowerCase() : null,
  };
}

/** The page's own URL for a query (links and the update stream carry it). */
export function pageSearch(query: PageQuery): string {
  const params = new URLSearchParams({ by: query.by });
  if (query.contentType) {
    params.set('type', query.contentType);
  }
  if (query.content) {
    params.set('content', query.content);
  }
  return `?${params.toString()}`;
}
