import { ConnectorConfigFormItemType, type ConnectorMetadata } from '@logto/connector-kit';
import { defaultTimeouts } from './constant.js';

/**
 * Our own factory id: Logto's image ships the official connector as
 * `simple-mail-transfer-protocol`, and two factories with one id stop Logto from starting.
 */
export const connectorId = 'seedworks-smtp';

const templateTypes = [
  ['SignIn', 'sign-in'],
  ['Register', 'sign-up'],
  ['ForgotPassword', 'password reset'],
  ['OrganizationInvitation', 'organization invitation'],
  ['Generic', 'verification'],
  ['UserPermissionValidation', 'permission validation'],
  ['BindNewIdentifier', 'new identifier binding'],
  ['MfaVerification', 'MFA verification'],
  ['BindMfa', '2-step verification setup'],
] as const;

/** One plain-text template per Logto template type, as the official form's default. */
export const defaultTemplates = templateTypes.map(([usageType, purpose]) => ({
  usageType,
  contentType: 'text/plain',
  subject: `Your ${purpose} code`,
  content: `Your ${purpose} code is {{code}}. It expires in 10 minutes.`,
}));

const secondsHint = (ms: number) => `${ms} (${ms / 1000} seconds)`;

export const defaultMetadata: ConnectorMetadata = {
  id: connectorId,
  target: 'smtp',
  platform: null,
  name: {
    en: 'SMTP (Seedworks)',
    ko: 'SMTP (Seedworks)',
    ja: 'SMTP (Seedworks)',
    'zh-CN': 'SMTP (Seedworks)',
  },
  logo: './logo.svg',
  logoDark: null,
  description: {
    en: 'Send verification codes, magic links and invitations through any SMTP server, with pooled connections, clear error hints and safe templates.',
    ko: '어떤 SMTP 서버로든 인증 코드, 매직 링크, 초대 메일을 보냅니다. 연결 재사용, 명확한 오류 안내, 안전한 템플릿을 제공합니다.',
    ja: '任意の SMTP サーバーで認証コード、マジックリンク、招待メールを送信します。接続の再利用、分かりやすいエラー、安全なテンプレートに対応しています。',
    'zh-CN': '通过任意 SMTP 服务器发送验证码、魔法链接和邀请邮件，支持连接复用、清晰的错误提示和安全的模板。',
  },
  readme: './README.md',
  formItems: [
    {
      key: 'host',
      label: 'Host',
      type: ConnectorConfigFormItemType.Text,
      required: true,
      placeholder: 'smtp.example.com',
    },
    {
      key: 'port',
      label: 'Port',
      type: ConnectorConfigFormItemType.Number,
      required: true,
      placeholder: '587',
      description: '465 with Secure on (TLS at once), or 587 / 25 with Secure off (STARTTLS).',
    },
    {
      key: 'secure',
      label: 'Secure (implicit TLS)',
      type: ConnectorConfigFormItemType.Switch,
      defaultValue: false,
      description: 'On for port 465. Off for 587 and 25, where the connection is upgraded with STARTTLS.',
    },
    {
      key: 'auth',
      label: 'Auth',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      defaultValue: { type: 'login', user: '<username>', pass: '<password>' },
      description:
        'Login: {"user","pass"}. Microsoft 365 app-only (after basic auth ends): {"type":"microsoft365-app","tenant","clientId","clientSecret","user"}. OAuth2: {"type":"oauth2","user","clientId","clientSecret","refreshToken"} or {"type":"oauth2","user","serviceClient","privateKey"}. Leave empty for no login.',
    },
    {
      key: 'fromEmail',
      label: 'From Email',
      type: ConnectorConfigFormItemType.Text,
      required: true,
      placeholder: 'Acme <noreply@example.com>',
    },
    {
      key: 'fromName',
      label: 'From Name',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'Acme',
    },
    {
      key: 'replyTo',
      label: 'Reply To',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'support@example.com',
    },
    {
      key: 'templates',
      label: 'Templates',
      type: ConnectorConfigFormItemType.Json,
      required: true,
      defaultValue: defaultTemplates,
      description:
        'Each: {"usageType","contentType":"text/plain"|"text/html","subject","content"}, optional "locale" (e.g. "ko"), "sendFrom", "replyTo". Placeholders: {{code}}, {{link}}, {{user.name}}, {{organization.name}} …',
    },
    {
      key: 'customHeaders',
      label: 'Custom Headers',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      defaultValue: {},
      description:
        'Extra headers added to every message, e.g. {"X-Mailer-Source": "logto"}. Values must be single-line strings.',
    },
    {
      key: 'tls',
      label: 'TLS',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      defaultValue: {},
      description: 'Node.js TLS options, e.g. {"ca": "-----BEGIN CERTIFICATE-----…"} for a private CA.',
    },
    {
      key: 'servername',
      label: 'TLS Servername',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'smtp.example.com',
    },
    {
      key: 'requireTLS',
      label: 'Require TLS',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
    },
    {
      key: 'ignoreTLS',
      label: 'Ignore TLS',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
    },
    {
      key: 'dkim',
      label: 'DKIM',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      description:
        'Optional signing: {"domainName":"example.com","keySelector":"mail","privateKey":"-----BEGIN PRIVATE KEY-----…"}.',
    },
    {
      key: 'name',
      label: 'Client Name (EHLO)',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'logto.example.com',
      description: 'ASCII host name sent in EHLO. Defaults to the machine name.',
    },
    {
      key: 'localAddress',
      label: 'Local Address',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: '0.0.0.0',
    },
    {
      key: 'connectionTimeout',
      label: 'Connection Timeout (ms)',
      type: ConnectorConfigFormItemType.Number,
      required: false,
      placeholder: secondsHint(defaultTimeouts.connectionTimeout),
    },
    {
      key: 'greetingTimeout',
      label: 'Greeting Timeout (ms)',
      type: ConnectorConfigFormItemType.Number,
      required: false,
      placeholder: secondsHint(defaultTimeouts.greetingTimeout),
    },
    {
      key: 'socketTimeout',
      label: 'Socket Timeout (ms)',
      type: ConnectorConfigFormItemType.Number,
      required: false,
      placeholder: secondsHint(defaultTimeouts.socketTimeout),
    },
    {
      key: 'dnsTimeout',
      label: 'DNS Timeout (ms)',
      type: ConnectorConfigFormItemType.Number,
      required: false,
      placeholder: secondsHint(defaultTimeouts.dnsTimeout),
    },
    {
      key: 'logger',
      label: 'Logger',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      description: 'Log SMTP operations to Logto’s console. Credentials are masked.',
    },
    {
      key: 'debug',
      label: 'Debug',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      description: 'Also log the SMTP transcript. Credentials are masked.',
    },
    {
      key: 'disableFileAccess',
      label: 'Disable File Access',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
    },
    {
      key: 'disableUrlAccess',
      label: 'Disable URL Access',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
    },
    {
      key: 'proxy',
      label: 'Proxy',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'http://proxy.internal:3128',
      description:
        'Outbound proxy for the SMTP connection: http://[user:password@]host:port (HTTP CONNECT) or socks5://[user:password@]host:port. Leave empty to connect directly.',
    },
  ],
};
