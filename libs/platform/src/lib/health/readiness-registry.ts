import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

export type ReadinessCheck = () => Promise<HealthIndicatorResult>;

/**
 * Infrastructure modules (Kafka, Postgres, Redis, BigQuery) register a check for the
 * dependency they own, so /health covers exactly the dependencies an app really uses.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  all(): ReadinessCheck[] {
    return [...this.checks.values()];
  }

  names(): string[] {
    return [...this.checks.keys()];
  }
}
