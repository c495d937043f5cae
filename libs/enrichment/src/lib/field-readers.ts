import { isJsonObject } from '@cdc/contracts';

import { type Decoded, decoded, rejected } from './decoded';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Small typed readers over an untrusted row; each failure names the field. */
export class RowReader {
  private constructor(
    private readonly row: Record<string, unknown>,
    private readonly label: string,
  ) {}

  static of(row: unknown, label: string): Decoded<RowReader> {
    return isJsonObject(row)
      ? decoded(new RowReader(row, label))
      : rejected(`${label} must be an object`);
  }

  private field(name: string): Decoded<unknown> {
    return name in this.row
      ? decoded(this.row[name])
      : rejected(`${this.label}.${name} is missing`);
  }

  private typed<T>(
    name: string,
    accept: (value: unknown) => value is T,
    expected: string,
    nullable: boolean,
  ): Decoded<T | null> {
    const value = this.field(name);
    if (!value.ok) {
      return value;
    }
    if (value.value === null && nullable) {
      return decoded(null);
    }
    return accept(value.value)
      ? decoded(value.value)
      : rejected(
          `${this.label}.${name} must be ${expected}${nullable ? ' or null' : ''}, got ${describe(value.value)}`,
        );
  }

  string(name: string): Decoded<string> {
    return this.typed(name, isString, 'a string', false) as Decoded<string>;
  }

  nullableString(name: string): Decoded<string | null> {
    return this.typed(name, isString, 'a string', true);
  }

  uuid(name: string): Decoded<string> {
    return this.typed(name, isUuid, 'a UUID', false) as Decoded<string>;
  }

  nullableUuid(name: string): Decoded<string | null> {
    return this.typed(name, isUuid, 'a UUID', true);
  }

  nullableInteger(name: string, min?: number): Decoded<number | null> {
    const accept = (value: unknown): value is number =>
      Number.isSafeInteger(value) && (min === undefined || (value as number) >= min);
    const expected = min === undefined ? 'an integer' : `an integer >= ${min}`;
    return this.typed(name, accept, expected, true);
  }

  raw(name: string): Decoded<unknown> {
    return this.field(name);
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}
