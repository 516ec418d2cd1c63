import type { AddressInfo } from 'node:net';
import dns2 from 'dns2';

const { Packet } = dns2;

/** The longest <character-string> of a TXT record (RFC 1035 §3.3): longer texts are split. */
const maxStringLength = 255;

const characterStrings = (text: string): string[] =>
  Array.from({ length: Math.max(1, Math.ceil(text.length / maxStringLength)) }, (_, index) =>
    text.slice(index * maxStringLength, (index + 1) * maxStringLength),
  );

type Answer = Parameters<typeof dns2.createUDPServer>[0];

/**
 * UDP and TCP servers on one ephemeral port: an answer over 512 bytes (a DKIM key) comes
 * truncated over UDP, and the resolver asks again over TCP on the same port. The port is picked
 * for UDP, so TCP may find it taken by another process: then both try again on a new port.
 */
const listenOnOnePort = async (answer: Answer) => {
  for (let attempt = 1; ; attempt++) {
    const udp = dns2.createUDPServer(answer);
    await udp.listen(0, '127.0.0.1');
    const { port } = udp.address() as AddressInfo;
    const tcp = dns2.createTCPServer(answer as never);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, '127.0.0.1', () => {
          tcp.removeListener('error', reject);
          resolve();
        });
      });
      return { udp, tcp, port };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) {
        throw error;
      }
    }
  }
};

/** A running {@link startTestDnsServer}. */
export interface TestDnsServer {
  /** `127.0.0.1:<port>`: what `Resolver.setServers` and the doctor's `--dns` take. */
  address: string;
  /** TXT records by name (lower case, no trailing dot); change it to change the answers. */
  txt: Map<string, string[]>;
  /** Names that answer SERVFAIL, as a broken authoritative server does. */
  failing: Set<string>;
  /** Every question asked, as `TXT example.com`. */
  queries: string[];
  close: () => Promise<void>;
}

/**
 * A DNS server on 127.0.0.1 (UDP and TCP, `dns2`) that answers TXT questions from a table: a name in
 * `txt` gets its records (each split into 255-byte strings, as long DKIM keys are published), a
 * name in `failing` gets SERVFAIL, any other name NXDOMAIN. Enough for SPF, DMARC and DKIM checks.
 */
export const startTestDnsServer = async (records: Record<string, string[]> = {}): Promise<TestDnsServer> => {
  const txt = new Map(Object.entries(records).map(([name, values]) => [name.toLowerCase(), values]));
  const failing = new Set<string>();
  const queries: string[] = [];

  const answer: Answer = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const [question] = request.questions;
    const name = (question?.name ?? '').toLowerCase().replace(/\.$/, '');
    const type = question?.type === Packet.TYPE.TXT ? 'TXT' : String(question?.type);
    queries.push(`${type} ${name}`);
    const values = txt.get(name);
    if (failing.has(name)) {
      response.header.rcode = 2;
    } else if (!values) {
      response.header.rcode = 3;
    } else if (type === 'TXT') {
      for (const value of values) {
        response.answers.push({
          name,
          type: Packet.TYPE.TXT,
          class: Packet.CLASS.IN,
          ttl: 60,
          data: characterStrings(value),
        } as never);
      }
    }
    send(response);
  };
  const { udp, tcp, port } = await listenOnOnePort(answer);

  return {
    address: `127.0.0.1:${port}`,
    txt,
    failing,
    queries,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
};

/**
 * The TXT records of a sender domain that passes the delivery check's domain checks: SPF for the
 * loopback test servers and a DMARC policy. Its parent zone exists too (with no TXT record), as in
 * public DNS, so a missing domain beside it reads as missing, not as a resolver that sees nothing.
 * For suites whose test sends (the Console's) run that check against a local resolver.
 */
export const senderDomainRecords = (domain: string): Record<string, string[]> => ({
  [domain]: ['v=spf1 ip4:127.0.0.0/8 -all'],
  [`_dmarc.${domain}`]: ['v=DMARC1; p=none'],
  [domain.split('.').slice(1).join('.')]: [],
});
