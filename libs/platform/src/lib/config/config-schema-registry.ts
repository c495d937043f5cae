import type { ClassConstructor } from 'class-transformer';

/**
 * The app's config class, remembered when TypedConfigModule.forRoot runs (at import of the
 * root module, before Nest starts), so that `--print-config` can describe it without
 * creating the application or touching a dependency.
 */
let rootSchema: ClassConstructor<object> | null = null;

export function rememberConfigSchema(schema: ClassConstructor<object>): void {
  rootSchema = schema;
}

export function rememberedConfigSchema(): ClassConstructor<object> | null {
  return rootSchema;
}
