import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { redactSecrets } from '@seedworks/connector-common';
import { parseConfig } from '../config/parse.js';
import { configSecrets, secretMask } from '../config/secrets.js';
import { checkDelivery } from './check-delivery.js';
import { formatFinding } from './finding.js';
import { InvalidDnsServerError } from './txt-records.js';

const usage = `Usage: npx @seedworks/connector-smtp doctor --config <file> [--dns <host:port>] [--json]

Checks an SMTP connector config without sending any message: each server's connection, TLS and
login, and the sender domain's SPF, DMARC and DKIM records.

  --config <file>   The connector's config as JSON (what Logto stores, or the official connector's)
  --dns <host:port> DNS server for the domain checks (repeatable); default the system's
  --json            One JSON object: { findings: [{ level, subject, message }], blocked }

Exit status: 0 when nothing blocks delivery, 1 when something does, 2 for a usage or config error.`;

/** Runs the CLI; resolves with the exit status. Output goes through `write`. */
export const runCli = async (args: string[], write: (text: string) => void): Promise<number> => {
  let values: { config?: string; dns?: string[]; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        dns: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error: unknown) {
    write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    write(`${usage}\n`);
    return 0;
  }
  if (positionals[0] !== 'doctor' || positionals.length > 1 || !values.config) {
    write(`${usage}\n`);
    return 2;
  }

  let text: string;
  let config: ReturnType<typeof parseConfig>;
  try {
    text = await readFile(values.config, 'utf8');
  } catch (error: unknown) {
    write(`Cannot read ${values.config}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.\n`);
    return 2;
  }
  try {
    // V8's JSON syntax errors quote the text around the fault, which may be a password.
    const json: unknown = (() => {
      try {
        return JSON.parse(text);
      } catch {
        throw new Error('it is not valid JSON');
      }
    })();
    config = parseConfig(json);
  } catch (error: unknown) {
    // A config error names fields and what they need, never their values.
    const data = (error as { data?: { errorDescription?: unknown; message?: unknown } }).data;
    const description = data?.errorDescription ?? data?.message ?? (error as Error).message;
    write(`Cannot use the config in ${values.config}: ${String(description)}\n`);
    return 2;
  }

  let report: Awaited<ReturnType<typeof checkDelivery>>;
  try {
    report = await checkDelivery(config, { dnsServers: values.dns });
  } catch (error: unknown) {
    if (error instanceof InvalidDnsServerError) {
      write(`--dns: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    throw error;
  }
  const output = values.json
    ? `${JSON.stringify(report, null, 2)}\n`
    : `${report.findings.map(formatFinding).join('\n')}\n\n${report.blocked ? 'Each BLOCKER keeps mail from arriving, or a fallback from taking over: fix it, then run the check again.' : 'Nothing blocks delivery.'}\n`;
  // Findings never quote a secret; masking them here too costs nothing.
  write(redactSecrets(output, configSecrets(config), secretMask));
  return report.blocked ? 1 : 0;
};
