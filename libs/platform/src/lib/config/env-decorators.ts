import { Transform } from 'class-transformer';

/** Environment values are strings; these turn them into typed values before validation. */
export const EnvInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
  );

export const EnvNumber = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string' || value.trim() === '') {
      return value;
    }
    const parsed = Number(value);
    return Number.isNaN(parsed) ? value : parsed;
  });

export const EnvBoolean = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') {
      return value;
    }
    const normalised = value.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(normalised)) {
      return true;
    }
    if (['false', '0', 'no'].includes(normalised)) {
      return false;
    }
    return value;
  });

/** Splits a comma-separated list, dropping blanks. */
export const EnvList = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
      : value,
  );
