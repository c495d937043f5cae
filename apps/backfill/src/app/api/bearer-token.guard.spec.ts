import { BackfillConfig } from '../backfill.config';
import { BearerTokenGuard } from './bearer-token.guard';

describe('BearerTokenGuard', () => {
  const guard = new BearerTokenGuard(
    Object.assign(new BackfillConfig(), { BACKFILL_API_TOKEN: 'correct-horse-battery-staple' }),
  );

  it('accepts the configured token, whatever the scheme case', () => {
    expect(guard.matches('Bearer correct-horse-battery-staple')).toBe(true);
    expect(guard.matches('bearer correct-horse-battery-staple')).toBe(true);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'correct-horse-battery-staple',
    'Basic correct-horse-battery-staple',
    'Bearer correct-horse-battery-stapl',
    'Bearer correct-horse-battery-staple2',
    'Bearer correct-horse-battery-staple extra',
  ])('refuses %j', (header) => {
    expect(guard.matches(header)).toBe(false);
  });
});
