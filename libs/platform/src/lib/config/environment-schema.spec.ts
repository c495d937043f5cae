import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { ArrayNotEmpty, IsBoolean } from 'class-validator';

import { EnvBoolean, EnvInt, EnvList } from './env-decorators';
import { ConfigValidationError, declaredVariables, loadEnvironment } from './environment-schema';

class ExampleConfig {
  @IsString()
  REQUIRED_NAME!: string;

  @EnvInt()
  @IsInt()
  @Min(1)
  PORT = 3000;

  @EnvBoolean()
  @IsBoolean()
  FLAG = false;

  @EnvList()
  @ArrayNotEmpty()
  @IsString({ each: true })
  LIST: string[] = ['a'];

  @IsOptional()
  @IsIn(['x', 'y'])
  CHOICE?: string;
}

describe('loadEnvironment', () => {
  it('types values and keeps defaults for unset variables', () => {
    const config = loadEnvironment(ExampleConfig, {
      REQUIRED_NAME: 'n',
      PORT: '8080',
      FLAG: 'true',
      LIST: 'b, c',
      OTHER: 'ignored',
    });
    expect(config).toEqual(
      Object.assign(new ExampleConfig(), {
        REQUIRED_NAME: 'n',
        PORT: 8080,
        FLAG: true,
        LIST: ['b', 'c'],
      }),
    );
    expect(config).toBeInstanceOf(ExampleConfig);
  });

  it('treats an empty value as unset', () => {
    expect(loadEnvironment(ExampleConfig, { REQUIRED_NAME: 'n', PORT: '' }).PORT).toBe(3000);
  });

  it('names every missing or malformed variable, without echoing values', () => {
    const load = () =>
      loadEnvironment(ExampleConfig, { PORT: 'eighty', FLAG: 'maybe', CHOICE: 'secret-z' });
    expect(load).toThrow(ConfigValidationError);
    let problems: string[] = [];
    try {
      load();
    } catch (error) {
      problems = (error as ConfigValidationError).problems;
    }
    expect(problems).toEqual([
      'REQUIRED_NAME is missing: must be a string',
      'PORT is invalid: must not be less than 1; must be an integer number',
      'FLAG is invalid: must be a boolean value',
      'CHOICE is invalid: must be one of the following values: x, y',
    ]);
    expect(problems.join()).not.toContain('secret-z');
  });

  it('lists the declared variables', () => {
    expect(declaredVariables(ExampleConfig)).toEqual([
      'CHOICE',
      'FLAG',
      'LIST',
      'PORT',
      'REQUIRED_NAME',
    ]);
  });
});
