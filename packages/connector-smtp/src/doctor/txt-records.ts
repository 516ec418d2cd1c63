import { Resolver } from 'node:dns/promises';

/* TXT records as the doctor's DNS checks read them: looked up, then split into their tags. */

/** One DNS question's answer: the TXT records (each joined from its strings), or why there are none. */
export type TxtAnswer = { records: string[] } | { missing: 'no-domain' | 'no-record' } | { failed: string };

/** Looks up TXT records; resolves with what was found rather than throwing. */
export type TxtLookup = (name: string) => Promise<TxtAnswer>;

/** Says which DNS server is not an IP address (`setServers` takes no host names). */
export class InvalidDnsServerError extends Error {
  constructor(servers: readonly string[]) {
    super(
      `DNS servers must be IP addresses, with an optional port (127.0.0.1:53, [::1]:53); got ${servers.map((server) => `"${server}"`).join(', ')}.`,
    );
  }
}

/**
 * TXT lookups through `servers` (`address` or `address:port`), or the system's resolvers.
 *
 * @throws InvalidDnsServerError when a server is not an IP address.
 */
export const txtLookup = (servers?: string[]): TxtLookup => {
  // Two tries of 2 s each: an admin is waiting, and a healthy resolver answers in milliseconds.
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (servers && servers.length > 0) {
    try {
      resolver.setServers(servers);
    } catch {
      throw new InvalidDnsServerError(servers);
    }
  }
  return async (name) => {
    try {
      return { records: (await resolver.resolveTxt(name)).map((strings) => strings.join('')) };
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOTFOUND') {
        return { missing: 'no-domain' };
      }
      if (code === 'ENODATA') {
        return { missing: 'no-record' };
      }
      return { failed: code };
    }
  };
};

/** Tags of a DMARC or DKIM record: `v=DMARC1; p=none` → `{ v: 'DMARC1', p: 'none' }`. */
export const recordTags = (record: string) =>
  Object.fromEntries(
    record
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()];
      }),
  ) as Record<string, string | undefined>;
