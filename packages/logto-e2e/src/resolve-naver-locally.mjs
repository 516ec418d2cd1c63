/**
 * Preloaded into Logto's Node with `--import`: resolves the host names listed in
 * `SEEDWORKS_E2E_HOSTS` (`name=address,…`) to a local address, so the connectors keep calling
 * Naver's production URLs (https://nid.naver.com/…, https://openapi.naver.com/…) and reach the
 * local HTTPS stand-in instead.
 *
 * Chosen over /etc/hosts entries: it touches nothing outside this one process (no root-owned file
 * to back up and restore if the run dies, no effect on other programs or parallel runs on the
 * machine). Node's `net.connect`, which `fetch` (undici) uses, reads `dns.lookup` from the module
 * at each connection, so replacing the property is enough; TLS still verifies the real names,
 * against the stand-in's certificate passed in NODE_EXTRA_CA_CERTS.
 *
 * It also ends this process once the test process (`SEEDWORKS_E2E_PARENT_PID`) is gone, so a
 * killed test run leaves no Logto behind.
 */
import dns from 'node:dns';

const hosts = new Map(
  (process.env.SEEDWORKS_E2E_HOSTS ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => entry.split('=')),
);
const originalLookup = dns.lookup;

dns.lookup = (hostname, options, callback) => {
  const address = hosts.get(String(hostname).toLowerCase());
  if (address === undefined) {
    return originalLookup(hostname, options, callback);
  }
  const done = typeof options === 'function' ? options : callback;
  const all = typeof options === 'object' && options !== null && options.all === true;
  process.nextTick(() => (all ? done(null, [{ address, family: 4 }]) : done(null, address, 4)));
};

const parent = Number(process.env.SEEDWORKS_E2E_PARENT_PID);
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(1);
    }
  }, 1000).unref();
}
