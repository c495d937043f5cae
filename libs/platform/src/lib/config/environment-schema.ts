import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';

/** Thrown when the environment does not satisfy a config class; the message names every variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** The environment variables a config class declares (its validated property names). */
export function declaredVariables(schema: ClassConstructor<object>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))].sort();
}

/**
 * Builds a config instance from the environment and validates it. Only declared variables
 * are read, and an empty string counts as unset so that `FOO=` falls back to the default.
 */
export function loadEnvironment<T extends object>(
  schema: ClassConstructor<T>,
  environment: Record<string, string | undefined>,
): T {
  const raw: Record<string, string> = {};
  for (const name of declaredVariables(schema)) {
    const value = environment[name];
    if (value !== undefined && value !== '') {
      raw[name] = value;
    }
  }
  const instance = plainToInstance(schema, raw, { enableImplicitConversion: false });
  const errors = validateSync(instance, {
    skipMissingProperties: false,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) {
    throw new ConfigValidationError(describeErrors(errors, raw));
  }
  return instance;
}

/** Names each variable and what is wrong with it; never echoes a value (it may be a secret). */
function describeErrors(errors: ValidationError[], raw: Record<string, string>): string[] {
  return errors.map((error) => {
    const messages = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    );
    const state = error.property in raw ? 'is invalid' : 'is missing';
    return `${error.property} ${state}: ${messages.join('; ')}`;
  });
}
