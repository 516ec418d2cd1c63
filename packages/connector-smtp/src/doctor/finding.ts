/**
 * One result of the delivery check: `ok`, a `warning` (mail may go to spam, or a setting deserves
 * a look), or a `blocker` (mail will not go out, or receivers will refuse it).
 */
export interface Finding {
  level: 'ok' | 'warning' | 'blocker';
  /** What was checked: `primary (smtp.example.com:587) login`, `SPF (acme.com)`. */
  subject: string;
  /** What was found and, unless it is OK, what to do. Never a secret. */
  message: string;
}

/** What `checkDelivery` found, in the order the checks ran. */
export interface DeliveryReport {
  findings: Finding[];
  /** Whether any finding is a blocker: mail is not expected to arrive. */
  blocked: boolean;
}

export const ok = (subject: string, message: string): Finding => ({ level: 'ok', subject, message });
export const warning = (subject: string, message: string): Finding => ({
  level: 'warning',
  subject,
  message,
});
export const blocker = (subject: string, message: string): Finding => ({
  level: 'blocker',
  subject,
  message,
});

const labels: Record<Finding['level'], string> = { ok: 'OK     ', warning: 'WARNING', blocker: 'BLOCKER' };

/** `BLOCKER primary (smtp.example.com:587) login: …`: one line per finding. */
export const formatFinding = ({ level, subject, message }: Finding): string =>
  `${labels[level]} ${subject}: ${message}`;
