import { ConnectorErrorCodes } from '@logto/connector-kit';
import { describedConnectorError } from '@seedworks/connector-common';
import type { SendMailOptions } from 'nodemailer';
import { parseSender } from '../config/mailbox.js';
import type { SmtpConfig } from '../config/types.js';
import { plaintextLoginRule } from '../delivery/plaintext-login.js';
import { type Server, serversOf } from '../delivery/server-order.js';
import { buildTransportOptions } from '../delivery/transport-options.js';
import { escapeHtml } from '../message/escape-html.js';
import { type DeliveryReport, type Finding, formatFinding, ok, warning } from './finding.js';
import { checkSenderDomainIfVisible } from './public-dns.js';
import { checkServer } from './smtp-checks.js';
import { InvalidDnsServerError, txtLookup } from './txt-records.js';

/**
 * DNS servers for the delivery check the Console's send test runs, `host:port` separated by
 * commas; the system's when unset. For split-horizon DNS, where the machine running Logto sees
 * other records than the receivers do (the CLI's `--dns`).
 */
export const dnsServersVariable = 'SEEDWORKS_SMTP_DNS_SERVERS';

/** TXT lookups through the servers `SEEDWORKS_SMTP_DNS_SERVERS` names, else the system's. */
const environmentTxtLookup = () => {
  const servers = process.env[dnsServersVariable]
    ?.split(',')
    .map((server) => server.trim())
    .filter(Boolean);
  try {
    return txtLookup(servers);
  } catch (error: unknown) {
    if (error instanceof InvalidDnsServerError) {
      throw describedConnectorError(
        ConnectorErrorCodes.InvalidConfig,
        `${dnsServersVariable} in Logto's environment: ${error.message}`,
      );
    }
    throw error;
  }
};

/** What the test message says when the Logto host's resolver cannot see public DNS. */
const blindDns = {
  host: 'the Logto host',
  advice: `Run the doctor (npx @seedworks/connector-smtp doctor) where DNS works, or set ${dnsServersVariable} to a resolver that sees public DNS.`,
};

/**
 * The delivery check the Console's "send test" runs besides its message: the sender domain's SPF,
 * DMARC and DKIM, and every fallback server: the test message goes through the primary alone
 * (src/index.ts), so this is where the fallbacks are tried. The primary is not checked here: it
 * answers for itself first (see {@link checkBeforeTestSend}), and the test message goes through it.
 */
const checkForTestSend = async (config: SmtpConfig): Promise<DeliveryReport> => {
  const servers = serversOf(config);
  const fromDomain = parseSender(config.fromEmail)?.address.split('@').pop()?.toLowerCase();
  const [domain, fallbacks] = await Promise.all([
    fromDomain
      ? checkSenderDomainIfVisible(config, fromDomain, servers, environmentTxtLookup(), blindDns)
      : [],
    Promise.all(servers.slice(1).map((server) => checkServer(server))),
  ]);
  const login = primaryLoginFinding(servers[0]!);
  const findings = [...(login ? [login] : []), ...domain, ...fallbacks.flat()];
  return { findings, blocked: findings.some((finding) => finding.level === 'blocker') };
};

/**
 * Which rule keeps the primary's login off the network in clear (see plaintext-login.ts); the
 * fallbacks' checks (smtp-checks.ts) report theirs. Nothing when TLS starts at once or there is
 * no login.
 */
const primaryLoginFinding = ({ label, config }: Server): Finding | undefined => {
  switch (plaintextLoginRule(config, buildTransportOptions(config).auth !== undefined)) {
    case 'required':
      return ok(`${label} login`, 'sent only after STARTTLS (a login is set and secure is off).');
    case 'loopback':
      return ok(`${label} login`, `sent without TLS: the host is written as loopback (${config.host}).`);
    case 'allowed-by-admin':
      return warning(
        `${label} login`,
        'requireTLS: false is set, so a server that offers no STARTTLS receives the login in clear. Keep it only if the path to the server is trusted.',
      );
    default:
      return undefined;
  }
};

const describeFindings = (findings: readonly Finding[]) =>
  findings.map(({ subject, message }) => `${subject}: ${message}`).join(' ');

/**
 * Runs the check before the Console's test message, the primary's own answer first:
 * `verifyPrimary` (connect, TLS, login, nothing sent) runs while the check does, and its failure
 * (a refused connection, a TLS failure, a rejected login) is what the test reports, with its hint,
 * whatever DNS says. Then a blocker (mail that receivers will refuse, a fallback that cannot take
 * mail) fails the test with its fix, so the admin learns it before any user does; otherwise the
 * report travels in the test message (see {@link withDeliveryReport}).
 */
export const checkBeforeTestSend = async (
  config: SmtpConfig,
  verifyPrimary: () => Promise<unknown>,
): Promise<DeliveryReport> => {
  const checked = checkForTestSend(config);
  // Settled here too, so a check that fails while the primary's own failure is thrown is not unhandled.
  checked.catch(() => undefined);
  await verifyPrimary();
  const report = await checked;
  const blockers = report.findings.filter((finding) => finding.level === 'blocker');
  if (blockers.length > 0) {
    throw describedConnectorError(
      ConnectorErrorCodes.InvalidConfig,
      `The delivery check found what will keep this mail from arriving, so no test message was sent. ${describeFindings(blockers)} (npx @seedworks/connector-smtp doctor prints the whole report.)`,
    );
  }
  return report;
};

/** The report as an HTML section, inside the document's body when it has one. */
const withReportSection = (html: string, heading: string, lines: string[]) => {
  const section = `<hr><p><strong>${escapeHtml(heading)}</strong></p><pre style="white-space:pre-wrap;font-size:12px">${escapeHtml(lines.join('\n'))}</pre>`;
  const bodyEnd = html.lastIndexOf('</body>');
  return bodyEnd === -1 ? html + section : html.slice(0, bodyEnd) + section + html.slice(bodyEnd);
};

/** The test message with the check's findings below its body, in its text and its HTML part. */
export const withDeliveryReport = (mail: SendMailOptions, report: DeliveryReport): SendMailOptions => {
  const heading = 'Delivery check (added to the Console’s test message only)';
  const lines = report.findings.map(formatFinding);
  return {
    ...mail,
    ...(typeof mail.text === 'string' && { text: `${mail.text}\n\n-- ${heading} --\n${lines.join('\n')}\n` }),
    ...(typeof mail.html === 'string' && { html: withReportSection(mail.html, heading, lines) }),
  };
};
