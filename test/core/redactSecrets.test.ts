import { redactSecrets } from '../../src/core/errors';

describe('redactSecrets', () => {
  const secret = 'sk_live/ünï+code=&x y';

  it.each([
    ['as it is', secret],
    ['URL-encoded', encodeURIComponent(secret)],
    ['URL-encoded with lower-case hex', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())],
    ['form-encoded (a space as "+")', encodeURIComponent(secret).replace(/%20/g, '+')],
  ])('masks the secret %s', (_, form) => {
    expect(redactSecrets(`server said: ${form}.`, [secret])).toBe('server said: ••••.');
  });

  it('leaves other text and short values alone', () => {
    expect(redactSecrets('sk_live/other', [secret, 'abc', undefined])).toBe('sk_live/other');
  });
});
