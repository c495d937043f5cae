import { Controller, Get, Header } from '@nestjs/common';

import { MetricsRegistry } from './metrics-registry';

export const METRICS_PATH = 'metrics';

@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get(METRICS_PATH)
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
