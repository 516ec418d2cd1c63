import { isIPv4, isIPv6 } from 'node:net';

/*
 * SPF records (RFC 7208, https://www.rfc-editor.org/rfc/rfc7208): the syntax of §4.6.1 and §5,
 * and the DNS-lookup limit of §4.6.4, which is what receivers hold a record to. No IP is
 * evaluated: the delivery check does not know which address the provider sends from.
 */

/** One term of an SPF record: a mechanism with its qualifier, or a modifier. */
export interface SpfTerm {
  kind: 'mechanism' | 'modifier';
  /** `all`, `include`, `a`, `mx`, `ptr`, `ip4`, `ip6`, `exists`; or a modifier's name (`redirect`). */
  name: string;
  qualifier: '+' | '-' | '~' | '?';
  /** The part after `:` (mechanisms) or `=` (modifiers), without a CIDR length. */
  value?: string;
}

/** A parsed record, or what makes it invalid (a permerror for receivers). */
export type SpfParse = { terms: SpfTerm[] } | { error: string };

/** Mechanisms that cost a DNS lookup (RFC 7208 §4.6.4, https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4); `redirect` does too. */
const lookupMechanisms = new Set(['include', 'a', 'mx', 'ptr', 'exists']);
const mechanisms = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);

/**
 * Whether a TXT record is an SPF record: `v=spf1` alone or followed by a space (RFC 7208 §4.5,
 * https://www.rfc-editor.org/rfc/rfc7208#section-4.5).
 */
export const isSpfRecord = (text: string) => /^v=spf1( |$)/i.test(text);

const validCidr = (length: string | undefined, max: number) =>
  length === undefined || (/^\d{1,3}$/.test(length) && Number(length) <= max);

/** Checks one mechanism's argument; returns what is wrong, if anything. */
const mechanismError = (name: string, argument: string | undefined): string | undefined => {
  switch (name) {
    case 'all': {
      return argument === undefined ? undefined : '"all" takes no argument';
    }
    case 'include':
    case 'exists': {
      return argument ? undefined : `"${name}" needs a domain, e.g. ${name}:_spf.example.com`;
    }
    case 'ip4': {
      const [address, length, ...rest] = (argument ?? '').split('/');
      return isIPv4(address ?? '') && validCidr(length, 32) && rest.length === 0
        ? undefined
        : `"ip4:${argument ?? ''}" is not an IPv4 address or network`;
    }
    case 'ip6': {
      const [address, length, ...rest] = (argument ?? '').split('/');
      return isIPv6(address ?? '') && validCidr(length, 128) && rest.length === 0
        ? undefined
        : `"ip6:${argument ?? ''}" is not an IPv6 address or network`;
    }
    default: {
      // a, mx, ptr: an optional domain, then (a, mx) optional CIDR lengths
      return undefined;
    }
  }
};

/**
 * Parses `v=spf1 include:_spf.google.com ~all` into its terms (RFC 7208 §4.6.1, §5, §6:
 * https://www.rfc-editor.org/rfc/rfc7208#section-4.6.1, https://www.rfc-editor.org/rfc/rfc7208#section-5, https://www.rfc-editor.org/rfc/rfc7208#section-6).
 */
export const parseSpf = (record: string): SpfParse => {
  const [version, ...words] = record.trim().split(/ +/);
  if (version?.toLowerCase() !== 'v=spf1') {
    return { error: 'it does not start with "v=spf1"' };
  }
  const terms: SpfTerm[] = [];
  for (const word of words) {
    const modifier = /^([a-z][\w.-]*)=(.*)$/i.exec(word);
    if (modifier) {
      terms.push({ kind: 'modifier', name: modifier[1]!.toLowerCase(), qualifier: '+', value: modifier[2] });
      continue;
    }
    const match = /^([+\-~?]?)([a-z0-9]+)(?:[:/](.*))?$/i.exec(word);
    const name = match?.[2]?.toLowerCase() ?? '';
    if (!match || !mechanisms.has(name)) {
      return { error: `"${word}" is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists)` };
    }
    const argument = word.includes(':') ? word.slice(word.indexOf(':') + 1) : undefined;
    const error = mechanismError(name, argument);
    if (error) {
      return { error };
    }
    terms.push({
      kind: 'mechanism',
      name,
      qualifier: (match[1] || '+') as SpfTerm['qualifier'],
      value: argument?.split('/')[0],
    });
  }
  const redirects = terms.filter((term) => term.name === 'redirect' && term.kind === 'modifier');
  if (redirects.length > 1) {
    return { error: '"redirect" appears more than once' };
  }
  return { terms };
};

/**
 * The DNS lookups one record costs by itself (RFC 7208 §4.6.4, https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4):
 * its include, a, mx, ptr, exists and redirect terms.
 */
export const ownLookups = (terms: readonly SpfTerm[]): number =>
  terms.filter((term) =>
    term.kind === 'mechanism' ? lookupMechanisms.has(term.name) : term.name === 'redirect',
  ).length;

/** The domains whose SPF records this record pulls in: `include:` targets and `redirect=`. */
export const referencedDomains = (terms: readonly SpfTerm[]): string[] =>
  terms
    .filter(
      (term) =>
        (term.kind === 'mechanism' && term.name === 'include') ||
        (term.kind === 'modifier' && term.name === 'redirect'),
    )
    .map((term) => term.value ?? '')
    // A macro (%{i}) depends on the message; it cannot be followed without one.
    .filter((domain) => domain !== '' && !domain.includes('%'));

/** The most lookups a record may cost, nested ones included (RFC 7208 §4.6.4, https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4). */
export const maxSpfLookups = 10;
