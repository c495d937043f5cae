import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { ClassConstructor } from 'class-transformer';

import { rememberConfigSchema } from './config-schema-registry';
import { loadEnvironment } from './environment-schema';
import { RuntimeConfig } from './runtime.config';

/**
 * Validates the environment once at start-up with the app's config class and provides the
 * typed instance under that class, and under RuntimeConfig for the platform's own use.
 * Feature modules declare which config class they need and inject it directly.
 */
@Module({})
export class TypedConfigModule {
  /**
   * @param schema the app's config class, usually an IntersectionType of the parts below.
   * @param parts the per-infrastructure config classes it combines (KafkaConfig, ...), each
   *   provided as an alias of the validated instance so that libs can inject their own part.
   */
  static forRoot<T extends RuntimeConfig>(
    schema: ClassConstructor<T>,
    parts: ClassConstructor<object>[] = [],
  ): DynamicModule {
    rememberConfigSchema(schema);
    return {
      module: TypedConfigModule,
      global: true,
      imports: [
        // Validation runs in the provider below, inside NestFactory.create, so that bootstrap
        // can report it; ConfigModule.forRoot's own validate would reject at import time.
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true }),
      ],
      providers: [
        { provide: schema, useFactory: () => loadEnvironment(schema, process.env) },
        { provide: RuntimeConfig, useExisting: schema },
        ...parts.map((part) => ({ provide: part, useExisting: schema })),
      ],
      exports: [schema, RuntimeConfig, ...parts],
    };
  }
}
