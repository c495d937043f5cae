import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { useContainer } from 'class-validator';

/**
 * Lets class-validator build constraint classes through Nest, so constraints that depend on
 * configuration (MaxRangeConstraint) get it injected. Anything Nest does not provide (the
 * built-in constraints) falls back to class-validator's own container.
 */
@Injectable()
export class ValidatorContainer implements OnModuleInit {
  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    useContainer(
      {
        get: (type: new (...args: unknown[]) => unknown) =>
          this.moduleRef.get(type, { strict: false }),
      },
      { fallback: true, fallbackOnErrors: true },
    );
  }
}
