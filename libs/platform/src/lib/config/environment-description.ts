import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

import { declaredVariables } from './environment-schema';

/** One variable of a config class, as operators and the deployment checks need it. */
export interface EnvironmentVariableDescription {
  name: string;
  /** No default and not optional: the service refuses to start without it. */
  required: boolean;
  hasDefault: boolean;
  /** The default as the service sees it; null when there is none, and for secrets (never printed). */
  default: unknown;
  /** Judged by name: belongs in a Secret, never in a ConfigMap, and is redacted from logs. */
  secret: boolean;
}

const SECRET_NAME = /(^|_)(PASSWORD|SECRETS?|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIALS)(_|$)/;

export function isSecretVariable(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Enumerates the variables a config class reads, sorted by name. A variable is optional when
 * it has a default or carries IsOptional/ValidateIf (both are conditional validations).
 */
export function describeEnvironment(
  schema: ClassConstructor<object>,
): EnvironmentVariableDescription[] {
  const defaults = new schema() as Record<string, unknown>;
  const metadata = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  const conditional = new Set(
    metadata
      .filter((entry) => entry.type === ValidationTypes.CONDITIONAL_VALIDATION)
      .map((entry) => entry.propertyName),
  );
  return declaredVariables(schema).map((name) => {
    const value = defaults[name];
    const hasDefault = value !== undefined;
    const secret = isSecretVariable(name);
    return {
      name,
      required: !hasDefault && !conditional.has(name),
      hasDefault,
      default: hasDefault && !secret ? value : null,
      secret,
    };
  });
}
