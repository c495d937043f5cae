import { redactedUrl } from './redacted-url';

describe('redactedUrl', () => {
  it('drops credentials, query and fragment', () => {
    expect(redactedUrl('https://user:pw@partner.example:8443/hooks/in?token=abc#x')).toBe(
      'https://partner.example:8443/hooks/in',
    );
    expect(redactedUrl('http://127.0.0.1:3090/webhooks/engagement')).toBe(
      'http://127.0.0.1:3090/webhooks/engagement',
    );
  });
});
