import { ConnectorConfigFormItemType, type ConnectorMetadata } from '@logto/connector-kit';
import { defaultTimeouts, poolLimits } from './defaults.js';

/**
 * Our own factory id: Logto's image ships the official connector as
 * `simple-mail-transfer-protocol`, and two factories with one id stop Logto from starting.
 */
export const connectorId = 'seedworks-smtp';

const secondsHint = (ms: number) => `${ms} (${ms / 1000} seconds)`;

/*
 * The Console shows an item only when every condition holds (`showFormItems` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/console/src/components/ConnectorForm/ConfigForm/ConfigFormFields/index.tsx),
 * and checks only the items it shows. A config saved before `setup` existed shows the Setup list
 * alone until "Fill in the form" is picked.
 */
const formSetup = { targetKey: 'setup', expectValue: 'form' };
const jsonSetup = { targetKey: 'setup', expectValue: 'json' };
const advancedSetup = [formSetup, { targetKey: 'advanced', expectValue: true }];

/**
 * The connector's metadata as Logto lists it: id, names, logo and the Console's config form (a
 * guided form with an advanced section, or one JSON field for a config pasted from the official
 * SMTP connector).
 */
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
    en: 'Email through any SMTP server. By Seedworks.',
    ko: '모든 SMTP 서버로 메일 발송. Seedworks 제공.',
    ja: '任意の SMTP サーバーでメール送信。Seedworks 製。',
    'zh-CN': '通过任意 SMTP 服务器发送邮件。由 Seedworks 提供。',
  },
  readme: './README.md',
  formItems: [
    {
      key: 'setup',
      label: 'Setup',
      type: ConnectorConfigFormItemType.Select,
      // Not required: a config saved before this list existed saves again as it is.
      required: false,
      defaultValue: 'form',
      selectItems: [
        { value: 'form', title: 'Fill in the form' },
        { value: 'json', title: 'Paste a JSON config (e.g. from the official SMTP connector)' },
      ],
      description:
        'Migrating from the official SMTP connector? Choose JSON, then paste its whole config: every field keeps its meaning.',
    },
    {
      key: 'jsonConfig',
      label: 'Config (JSON)',
      type: ConnectorConfigFormItemType.Json,
      required: true,
      defaultValue: {},
      showConditions: [jsonSetup],
      description:
        'The whole connector config, e.g. copied from the official SMTP connector’s details page: {"host","port","auth","fromEmail","templates", …}. The full reference linked from the README lists every field.',
    },
    {
      key: 'host',
      label: 'Host',
      type: ConnectorConfigFormItemType.Text,
      required: true,
      placeholder: 'smtp.example.com',
      showConditions: [formSetup],
    },
    {
      key: 'port',
      label: 'Port',
      type: ConnectorConfigFormItemType.Number,
      required: true,
      defaultValue: 587,
      showConditions: [formSetup],
      description: '587 (STARTTLS) with Secure off, or 465 with Secure on.',
    },
    {
      key: 'secure',
      label: 'Secure (implicit TLS)',
      type: ConnectorConfigFormItemType.Switch,
      defaultValue: false,
      showConditions: [formSetup],
      description: 'On for port 465. Off for 587 and 25, where the connection is upgraded with STARTTLS.',
    },
    {
      key: 'username',
      label: 'Username',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'noreply@example.com',
      showConditions: [formSetup],
      description: 'Leave Username and Password empty for a server that needs no login.',
    },
    {
      key: 'password',
      label: 'Password',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      isConfidential: true,
      showConditions: [formSetup],
      description: 'Gmail and Outlook need an app password here, not the account password.',
    },
    {
      key: 'fromEmail',
      label: 'From Email',
      type: ConnectorConfigFormItemType.Text,
      required: true,
      placeholder: 'Acme <noreply@example.com>',
      showConditions: [formSetup],
    },
    {
      key: 'fromName',
      label: 'From Name',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'Acme',
      showConditions: [formSetup],
    },
    {
      key: 'templates',
      label: 'Templates',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      // Empty: every message uses the built-in emails (src/message/templates/), in the user's language.
      defaultValue: [],
      showConditions: [formSetup],
      description:
        'Leave empty ([], or {} as the Console shows it after a save) to send the built-in emails: HTML and plain text for every message type, in English, Korean, Japanese and Chinese (Simplified, Traditional), chosen by the user’s language. To use your own for a type, add {"usageType","contentType":"text/plain"|"text/html","subject","content"}, optional "locale" (e.g. "ko"), "sendFrom", "replyTo". Placeholders: {{code}}, {{link}}, {{user.name}} … Logto’s own email templates win over both.',
    },
    {
      key: 'advanced',
      label: 'Advanced settings',
      type: ConnectorConfigFormItemType.Switch,
      defaultValue: false,
      showConditions: [formSetup],
      description: 'OAuth2, TLS, DKIM, headers, timeouts and logging.',
    },
    {
      key: 'replyTo',
      label: 'Reply To',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'support@example.com',
      showConditions: advancedSetup,
    },
    {
      key: 'auth',
      label: 'Auth (JSON)',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      defaultValue: {},
      showConditions: advancedSetup,
      description:
        'Instead of Username and Password. Microsoft 365 app-only (after basic auth ends): {"type":"microsoft365-app","tenant","clientId","clientSecret","user"}. OAuth2: {"type":"oauth2","user","clientId","clientSecret","refreshToken","accessUrl"} or {"type":"oauth2","user","serviceClient","privateKey"}. {} for none.',
    },
    {
      key: 'customHeaders',
      label: 'Custom Headers',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      defaultValue: {},
      showConditions: advancedSetup,
      description:
        'Extra headers added to every message, e.g. {"X-Mailer-Source": "logto"}. Values must be single-line strings.',
    },
    {
      key: 'tls',
      label: 'TLS',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      defaultValue: {},
      showConditions: advancedSetup,
      description: 'Node.js TLS options, e.g. {"ca": "-----BEGIN CERTIFICATE-----…"} for a private CA.',
    },
    {
      key: 'servername',
      label: 'TLS Servername',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'smtp.example.com',
      showConditions: advancedSetup,
    },
    {
      key: 'requireTLS',
      label: 'Require TLS',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      showConditions: advancedSetup,
    },
    {
      key: 'ignoreTLS',
      label: 'Ignore TLS',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      showConditions: advancedSetup,
    },
    {
      key: 'dkim',
      label: 'DKIM',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      defaultValue: {},
      showConditions: advancedSetup,
      description:
        'Signing: {"domainName":"example.com","keySelector":"mail","privateKey":"-----BEGIN PRIVATE KEY-----…"}. {} for none.',
    },
    {
      key: 'name',
      label: 'Client Name (EHLO)',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'logto.example.com',
      showConditions: advancedSetup,
      description: 'ASCII host name sent in EHLO. Defaults to the machine name.',
    },
    {
      key: 'localAddress',
      label: 'Local Address',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: '0.0.0.0',
      showConditions: advancedSetup,
    },
    ...(
      [
        ['connectionTimeout', 'Connection Timeout (ms)'],
        ['greetingTimeout', 'Greeting Timeout (ms)'],
        ['socketTimeout', 'Socket Timeout (ms)'],
        ['dnsTimeout', 'DNS Timeout (ms)'],
      ] as const
    ).map(([key, label]) => ({
      key,
      label,
      type: ConnectorConfigFormItemType.Number as const,
      required: false,
      placeholder: secondsHint(defaultTimeouts[key]),
      showConditions: advancedSetup,
    })),
    {
      key: 'logger',
      label: 'Logger',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      showConditions: advancedSetup,
      description: 'Log SMTP operations to Logto’s console. Credentials are masked.',
    },
    {
      key: 'debug',
      label: 'Debug',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      showConditions: advancedSetup,
      description: 'Also log the SMTP transcript. Credentials are masked.',
    },
    {
      key: 'disableFileAccess',
      label: 'Disable File Access',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      showConditions: advancedSetup,
    },
    {
      key: 'disableUrlAccess',
      label: 'Disable URL Access',
      type: ConnectorConfigFormItemType.Switch,
      required: false,
      defaultValue: false,
      showConditions: advancedSetup,
    },
    {
      key: 'maxConnections',
      label: 'Pool Size (connections)',
      type: ConnectorConfigFormItemType.Number,
      required: false,
      placeholder: String(poolLimits.maxConnections),
      description:
        'Most connections open at once, per Logto instance: the server sees instances × this. Keep the total under the provider’s connection limit.',
      showConditions: advancedSetup,
    },
    {
      key: 'maxMessages',
      label: 'Messages per Connection',
      type: ConnectorConfigFormItemType.Number,
      required: false,
      placeholder: String(poolLimits.maxMessages),
      description: 'A connection is replaced after sending this many messages.',
      showConditions: advancedSetup,
    },
    {
      key: 'idleTimeout',
      label: 'Idle Timeout (ms)',
      type: ConnectorConfigFormItemType.Number,
      required: false,
      placeholder: secondsHint(poolLimits.connectionIdleTimeout),
      description: 'A pooled connection unused this long is closed; the next send opens a new one.',
      showConditions: advancedSetup,
    },
    {
      key: 'fallbackServers',
      label: 'Fallback Servers (JSON)',
      type: ConnectorConfigFormItemType.Json,
      required: false,
      defaultValue: [],
      showConditions: advancedSetup,
      description:
        'Tried in order when the server above cannot take a message (down, refusing, login rejected). Each: {"host","port","secure","auth":{"user","pass"}}, optionally "tls", "servername", "requireTLS", "proxy", timeouts and pool sizes. Sender and templates are shared. [] for none.',
    },
    {
      key: 'proxy',
      label: 'Proxy',
      type: ConnectorConfigFormItemType.Text,
      required: false,
      placeholder: 'http://proxy.internal:3128',
      description:
        'Outbound proxy for the SMTP connection: http://[user:password@]host:port (HTTP CONNECT) or socks5://[user:password@]host:port. Leave empty to connect directly.',
      showConditions: advancedSetup,
    },
  ],
};
