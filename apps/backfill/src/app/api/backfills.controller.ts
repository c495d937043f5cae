import { BackfillJobStore } from '@cdc/backfill-jobs';
import { toIsoMicros } from '@cdc/enrichment';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';

import { BackfillConfig } from '../backfill.config';
import { type BackfillJobView, toJobView } from './backfill-job.view';
import { BearerTokenGuard } from './bearer-token.guard';
import { CreateBackfillDto } from './create-backfill.dto';

const JobId = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('id must be a UUID'),
});
const LIST_LIMIT = 100;

@Controller('backfills')
@UseGuards(BearerTokenGuard)
@UsePipes(
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
  }),
)
export class BackfillsController {
  constructor(
    private readonly store: BackfillJobStore,
    private readonly config: BackfillConfig,
  ) {}

  /** Queues a job; a worker (this process or another replica) picks it up within BACKFILL_POLL_MS. */
  @Post()
  @HttpCode(202)
  async create(@Body() body: CreateBackfillDto): Promise<{ id: string; status: string }> {
    const job = await this.store.create(this.config.BACKFILL_QUEUE, {
      from: toIsoMicros(body.from) as string,
      to: toIsoMicros(body.to) as string,
      contentIds: body.contentIds?.map((id) => id.toLowerCase()) ?? null,
      eventTypes: body.eventTypes ?? null,
      sinks: body.sinks,
      rateLimit: body.rateLimit ?? this.config.BACKFILL_DEFAULT_RATE_LIMIT,
    });
    return { id: job.id, status: job.status };
  }

  /** The newest jobs of this queue first. */
  @Get()
  async list(): Promise<{ jobs: BackfillJobView[] }> {
    const jobs = await this.store.list(this.config.BACKFILL_QUEUE, LIST_LIMIT);
    return { jobs: jobs.map(toJobView) };
  }

  @Get(':id')
  async get(@Param('id', JobId) id: string): Promise<BackfillJobView> {
    const job = await this.store.find(this.config.BACKFILL_QUEUE, id);
    if (job === null) {
      throw new NotFoundException(`backfill ${id} does not exist`);
    }
    return toJobView(job);
  }

  /** Stops a queued or running job; a running one stops after at most its current page. */
  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@Param('id', JobId) id: string): Promise<BackfillJobView> {
    const result = await this.store.cancel(this.config.BACKFILL_QUEUE, id);
    switch (result.outcome) {
      case 'not-found':
        throw new NotFoundException(`backfill ${id} does not exist`);
      case 'final':
        throw new ConflictException(`backfill ${id} is already ${result.job.status}`);
      case 'cancelled':
        return toJobView(result.job);
    }
  }
}
