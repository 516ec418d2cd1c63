import { ConnectorConfigFormItemType, type ConnectorMetadata, ConnectorPlatform } from '@logto/connector-kit';

/**
 * Our own factory id: Logto's image ships the official connector as `naver-universal`, and two
 * factories with one id stop Logto from starting.
 */
export const connectorId = 'seedworks-naver';

/** The connector's metadata as Logto lists it (id, names, logo, Console form). */
export const defaultMetadata: ConnectorMetadata = {
  id: connectorId,
  // Same target as the official connector: identities are stored under `naver`, so users linked
  // through `@logto/connector-naver` (same Naver app → same user id) keep signing in.
  target: 'naver',
  platform: ConnectorPlatform.Universal,
  name: {
    en: 'Naver (Seedworks)',
    ko: '네이버 (Seedworks)',
    ja: 'NAVER (Seedworks)',
    'zh-CN': 'Naver (Seedworks)',
  },
  logo: './logo.svg',
  logoDark: null,
  description: {
    en: 'Sign in with Naver, with token storage, clear error messages and safe retries. A drop-in replacement for the official Naver connector.',
    ko: '네이버 로그인. 토큰 저장, 명확한 오류 메시지, 안전한 재시도를 지원하며 공식 네이버 커넥터를 그대로 대체합니다.',
    ja: 'NAVER でサインイン。トークン保存、分かりやすいエラー、安全な再試行に対応した公式 NAVER コネクターの代替です。',
    'zh-CN': '使用 Naver 登录，支持令牌存储、清晰的错误提示和安全重试，可直接替换官方 Naver 连接器。',
  },
  readme: './README.md',
  isTokenStorageSupported: true,
  formItems: [
    {
      key: 'clientId',
      label: 'Client ID',
      type: ConnectorConfigFormItemType.Text,
      required: true,
      placeholder: '<client-id>',
      // Also what tells an admin this is not the official connector, whose form is otherwise alike.
      description:
        'Naver (Seedworks) connector, with token storage. Naver Developers > 내 애플리케이션 > 개요 > 애플리케이션 정보 > Client ID',
    },
    {
      key: 'clientSecret',
      label: 'Client Secret',
      type: ConnectorConfigFormItemType.Text,
      required: true,
      isConfidential: true,
      placeholder: '<client-secret>',
      description: 'Naver Developers > 내 애플리케이션 > 개요 > 애플리케이션 정보 > Client Secret',
    },
    {
      key: 'repromptConsent',
      label: 'Ask for declined items again',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      description:
        'Sends auth_type=reprompt so Naver shows the consent screen again, letting users grant items (such as email) they declined earlier.',
    },
    {
      key: 'trustEmail',
      label: 'Trust the email from Naver',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      description:
        'Hands Naver’s contact email, which Naver does not verify, to Logto: Logto may then sign the person in as the existing user with that email.',
    },
    {
      key: 'trustPhone',
      label: 'Trust the phone number from Naver',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      description:
        'Hands the mobile number of the Naver ID to Logto: Logto may then sign the person in as the existing user with that phone number.',
    },
    {
      key: 'openIdConnect',
      label: 'Use OpenID Connect (PKCE and a verified ID token)',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      description:
        'Signs in through Naver’s OpenID Connect endpoints, so a leaked authorization code cannot be redeemed in another sign-in and Naver’s signed ID token is checked; the Naver app needs no other setting.',
    },
  ],
};
