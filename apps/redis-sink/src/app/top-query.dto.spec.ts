import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { ContentIdParams } from './content-id.params';
import { TopQueryDto } from './top-query.dto';

const errorsOf = (query: Record<string, string>) =>
  validateSync(plainToInstance(TopQueryDto, query)).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );

describe('TopQueryDto', () => {
  it('defaults to the 10-minute window by seconds, 10 items', () => {
    const query = plainToInstance(TopQueryDto, {});
    expect({
      window: query.window,
      by: query.by,
      limit: query.limit,
      content_type: query.content_type,
    }).toEqual({
      window: '10m',
      by: 'seconds',
      limit: 10,
      content_type: undefined,
    });
    expect(errorsOf({ window: '5m', by: 'events', limit: '1000', content_type: 'video' })).toEqual(
      [],
    );
  });

  it('names the parameter in every message', () => {
    expect(errorsOf({ by: 'likes' })).toEqual([
      'by must be one of the following values: seconds, events',
    ]);
    expect(errorsOf({ window: '0m' })).toEqual(['window must be a number of minutes like 10m']);
    expect(errorsOf({ limit: '0' })).toEqual(['limit must not be less than 1']);
    expect(errorsOf({ content_type: 'audio' })).toEqual([
      'content_type must be one of the following values: podcast, newsletter, video',
    ]);
  });
});

describe('ContentIdParams', () => {
  it('accepts a UUID or "unknown" only', () => {
    const errors = (id: string) =>
      validateSync(plainToInstance(ContentIdParams, { id })).flatMap((error) =>
        Object.values(error.constraints ?? {}),
      );
    expect(errors('6f1c2b2e-9f7a-4c1e-8d0b-2a6b7f0c9e11')).toEqual([]);
    expect(errors('unknown')).toEqual([]);
    expect(errors('nope')).toEqual(["id must be a UUID or 'unknown'"]);
  });
});
