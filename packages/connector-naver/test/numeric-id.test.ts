import { ConnectorErrorCodes } from '@logto/connector-kit';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { naverCallbackData, nockNaverProfile, nockNaverTokenExchange } from '@seedworks/test-fixtures/naver';
import { describe, expect, it } from 'vitest';
import { buildConnector, fixtureSession as session } from './helpers.js';

/** Naver's profile answer with `id` written as a JSON number (the raw text, so no rounding happens here). */
const profileWithNumericId = (digits: string) =>
  `{"resultcode":"00","message":"success","response":{"id":${digits},"nickname":"OpenAPI"}}`;

const signInWithProfileBody = async (body: string) => {
  nockNaverTokenExchange();
  nockNaverProfile({ reply: { body, contentType: 'application/json' } });
  const connector = await buildConnector();
  return connector.getUserInfo({ ...naverCallbackData }, session);
};

describe('a profile id sent as a JSON number', () => {
  it('is kept as its digits while it is a safe integer', async () => {
    const userInfo = await signInWithProfileBody(profileWithNumericId('32742776'));
    expect(userInfo.id).toBe('32742776');
  });

  it('is refused above 2^53, where two ids round to one', async () => {
    // 2^53 + 1 and 2^53 both parse to 9007199254740992.
    await expectConnectorError(
      signInWithProfileBody(profileWithNumericId('9007199254740993')),
      ConnectorErrorCodes.InvalidResponse,
      /profile id as a JSON number that cannot be kept exactly \(above 2\^53/,
    );
  });

  it('is refused at exactly 2^53, the first integer that is not safe', async () => {
    await expectConnectorError(
      signInWithProfileBody(profileWithNumericId('9007199254740992')),
      ConnectorErrorCodes.InvalidResponse,
      /cannot be kept exactly/,
    );
  });

  it('is refused when it is not an integer', async () => {
    await expectConnectorError(
      signInWithProfileBody(profileWithNumericId('12.5')),
      ConnectorErrorCodes.InvalidResponse,
      /cannot be kept exactly/,
    );
  });
});
