import { pageSearch, parsePageQuery } from './page-query';

const id = '5f0c2a91-1b2c-4d3e-8f90-a1b2c3d4e5f6';

describe('parsePageQuery', () => {
  it('reads the measure, the content type and the content', () => {
    expect(
      parsePageQuery(new URLSearchParams(`by=events&type=video&content=${id.toUpperCase()}`)),
    ).toEqual({ by: 'events', contentType: 'video', content: id });
  });

  it('falls back to the defaults on anything else', () => {
    expect(
      parsePageQuery(new URLSearchParams('by=<script>&type=radio&content=../../etc/passwd')),
    ).toEqual({ by: 'seconds', contentType: null, content: null });
    expect(parsePageQuery(new URLSearchParams('content=unknown')).content).toBe('unknown');
  });

  it('round-trips through the page URL', () => {
    const query = { by: 'events' as const, contentType: 'podcast' as const, content: id };
    expect(pageSearch(query)).toBe(`?by=events&type=podcast&content=${id}`);
    expect(parsePageQuery(new URLSearchParams(pageSearch(query).slice(1)))).toEqual(query);
  });
});
