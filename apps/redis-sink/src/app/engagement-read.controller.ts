import {
  contentMember,
  type ContentStats,
  EngagementReader,
  type TopResult,
} from '@cdc/redis-store';
import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
  ValidationPipe,
} from '@nestjs/common';

import { ContentIdParams, RecentQueryDto } from './content-id.params';
import { RedisSinkConfig } from './redis-sink.config';
import { TopQueryDto } from './top-query.dto';

const validation = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
});

/** Read API over what the sink wrote: sliding-window top, per-content totals and latest events. */
@Controller()
export class EngagementReadController {
  constructor(
    private readonly reader: EngagementReader,
    private readonly config: RedisSinkConfig,
  ) {}

  @Get('top')
  async top(
    @Query(validation) query: TopQueryDto,
  ): Promise<TopResult & { window: string; by: string; content_type: string | null }> {
    const minutes = Number(query.window.slice(0, -1));
    if (minutes > this.config.REDIS_WINDOW_MINUTES) {
      throw new BadRequestException([
        `window must be at most ${this.config.REDIS_WINDOW_MINUTES}m (REDIS_WINDOW_MINUTES)`,
      ]);
    }
    const contentType = query.content_type ?? null;
    const result = await this.reader.top({
      minutes,
      by: query.by,
      contentType,
      limit: query.limit,
    });
    return { window: query.window, by: query.by, content_type: contentType, ...result };
  }

  @Get('content/:id/stats')
  async stats(@Param(validation) params: ContentIdParams): Promise<ContentStats> {
    const stats = await this.reader.stats(contentMember(params.id));
    if (!stats) {
      throw new NotFoundException(`no engagement recorded for content ${params.id}`);
    }
    return stats;
  }

  @Get('content/:id/recent')
  async recent(
    @Param(validation) params: ContentIdParams,
    @Query(validation) query: RecentQueryDto,
  ): Promise<{ content_id: string; events: Record<string, unknown>[] }> {
    const member = contentMember(params.id);
    return { content_id: member, events: await this.reader.recent(member, query.limit) };
  }
}
