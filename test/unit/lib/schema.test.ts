import * as z from 'zod';
import { ConfigurationError } from '../../../functions/lib/errors';
import { parseJson, parsePayload } from '../../../functions/lib/schema';

describe('parseJson', () => {
  it('says where the JSON broke without quoting the text (it may hold a secret)', () => {
    const run = () =>
      parseJson(
        '{"headers":{"authorization":Bearer s3cr3t-token}}',
        '/pipewright/dev/deploy-hook/apps/orders',
      );
    expect(run).toThrow(ConfigurationError);
    expect(run).toThrow("/pipewright/dev/deploy-hook/apps/orders is not valid JSON (Unexpected token 'B')");
    expect(run).not.toThrow(/s3cr3t/);
  });

  it('keeps the position when the parser gives one', () => {
    expect(() => parseJson('[1,2 3]', 'UserParameters')).toThrow(
      /UserParameters is not valid JSON \(.*position 5/,
    );
  });
});

describe('parsePayload', () => {
  it('names each wrong field under the payload name', () => {
    const schema = z.object({ url: z.url(), attempts: z.number() });
    expect(() => parsePayload(schema, { url: 'nope', attempts: '3' }, 'UserParameters')).toThrow(
      'UserParameters is invalid: UserParameters.url: Invalid URL; UserParameters.attempts: Invalid input: expected number, received string',
    );
  });
});
