import type { PipelineView } from '../pipeline/pipeline-view';
import type { ReadApiClient } from '../read-api/read-api-client';
import { type ContentReading, contentSection } from './content-section';
import { formatClock } from './format';
import { type PageQuery } from './page-query';
import {
  deadLettersSection,
  latencySection,
  stagesSection,
  webhookSection,
} from './pipeline-sections';
import { topAnnouncement, topSection } from './top-section';

/** The ids of the page's live regions, each replaced as a whole when it changes. */
export const SECTION_IDS = [
  'top',
  'stages',
  'latency',
  'dead-letters',
  'webhook',
  'content',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface LiveSections {
  sections: Record<SectionId, string>;
  /** For the polite live region: said only when it changes (the ranking, in words). */
  announcement: string;
  updatedAt: string;
  updatedClock: string;
}

export interface SectionLimits {
  topLimit: number;
  recentLimit: number;
}

/** Reads the read API for this query and renders every section, escaped, as HTML text. */
export async function liveSections(
  api: ReadApiClient,
  pipeline: PipelineView,
  query: PageQuery,
  limits: SectionLimits,
): Promise<LiveSections> {
  const [top, content] = await Promise.all([
    api.top({ by: query.by, contentType: query.contentType, limit: limits.topLimit }),
    query.content ? readContent(api, query.content, limits.recentLimit) : Promise.resolve(null),
  ]);
  const now = new Date();
  return {
    sections: {
      top: topSection(top, query).text,
      stages: stagesSection(pipeline).text,
      latency: latencySection(pipeline).text,
      'dead-letters': deadLettersSection(pipeline).text,
      webhook: webhookSection(pipeline).text,
      content: contentSection(content).text,
    },
    announcement: topAnnouncement(top, query),
    updatedAt: now.toISOString(),
    updatedClock: formatClock(now),
  };
}

async function readContent(
  api: ReadApiClient,
  id: string,
  recentLimit: number,
): Promise<ContentReading> {
  const [stats, recent] = await Promise.all([api.stats(id), api.recent(id, recentLimit)]);
  return { id, stats, recent };
}
