import http from 'node:http';
import https from 'node:https';
import { isIPv4 } from 'node:net';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';

/**
 * The proxy variables Node reads (https://nodejs.org/api/http.html#built-in-proxy-support).
 * Lower case wins over upper case, as in Node.
 */
export interface ProxyEnv {
  HTTPS_PROXY?: string;
  https_proxy?: string;
  HTTP_PROXY?: string;
  http_proxy?: string;
  NO_PROXY?: string;
  no_proxy?: string;
}

/** got's `agent` option: one agent per protocol. */
interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** Options for the shared keep-alive agents. */
interface AgentOptions {
  maxSockets: number;
}

const proxyKeys = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

/** Only the proxy variables (Node's `filterEnvForProxies` does the same), so the cache key is small. */
export const pickProxyEnv = (env: Record<string, string | undefined>): ProxyEnv =>
  Object.fromEntries(proxyKeys.filter((key) => env[key] !== undefined).map((key) => [key, env[key]]));

/**
 * Whether this Node's `http.Agent` takes a `proxyEnv` option: added in v24.5.0 and v22.21.0
 * (https://nodejs.org/api/http.html#new-agentoptions). Older versions ignore the option.
 *
 * @internal Test seam: exported for test/proxy.test.ts; the connector calls it only in this file.
 */
export const nodeHasAgentProxyEnv = (version = process.versions.node): boolean => {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 24 || (major === 24 && minor >= 5) || (major === 22 && minor >= 21);
};

/**
 * The proxy environment Node's own global agents use, if any: on a Node with built-in proxy
 * support started with `NODE_USE_ENV_PROXY=1` (or `--use-env-proxy`), the global agents are built
 * with `proxyEnv` taken from `process.env` at startup
 * (https://nodejs.org/api/http.html#built-in-proxy-support). Elsewhere `undefined`.
 */
const nodeGlobalProxyEnv = (): ProxyEnv | undefined =>
  (https.globalAgent as { options?: { proxyEnv?: ProxyEnv } }).options?.proxyEnv ?? undefined;

/**
 * Which proxy environment the connector follows, the way Node's own agents would:
 *
 * - Node ≥ 22.21 / ≥ 24.5: the snapshot Node took at startup for its global agents when started
 *   with `NODE_USE_ENV_PROXY=1` or `--use-env-proxy`; none otherwise (setting the variables later
 *   changes nothing, for Node's agents or ours).
 * - An older Node (Node 20, Node 22 before 22.21), which ignores `NODE_USE_ENV_PROXY`: the same
 *   variables from `process.env` when `NODE_USE_ENV_PROXY=1` is set, so an operator following
 *   Logto's proxy instructions gets the proxy on these versions too.
 */
export const processProxyEnv = (): ProxyEnv | undefined => {
  if (nodeHasAgentProxyEnv()) {
    return nodeGlobalProxyEnv();
  }
  return process.env.NODE_USE_ENV_PROXY === '1' ? pickProxyEnv(process.env) : undefined;
};

const ipToInt = (ip: string) => ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);

/**
 * Node's `NO_PROXY` rules (https://nodejs.org/api/http.html#no_proxy-format), ported from its
 * `ProxyConfig.shouldUseProxy`: `*`, exact host, `host:port`, `.suffix` and `*.suffix`, and IPv4
 * ranges `a.b.c.d-e.f.g.h`, compared case-insensitively. Used where Node cannot do it itself.
 *
 * @param port The URL's explicit port (`''` when the URL has none, as Node sees it).
 * @internal Test seam: exported for test/proxy.test.ts; the connector calls it only in this file.
 */
export const bypassesProxy = (noProxy: string | undefined, hostname: string, port: string): boolean => {
  if (!noProxy) {
    return false;
  }
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const hostWithPort = port ? `${host}:${port}` : host;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '*' || entry === host || entry === hostWithPort) {
      return true;
    }
    if (entry.startsWith('.') && host.endsWith(entry.slice(1))) {
      return true;
    }
    if (entry.startsWith('*.') && host.endsWith(entry.slice(1))) {
      return true;
    }
    if (entry.includes('-') && isIPv4(host)) {
      const [start = '', end = ''] = entry.split('-').map((part) => part.trim());
      if (isIPv4(start) && isIPv4(end) && ipToInt(host) >= ipToInt(start) && ipToInt(host) <= ipToInt(end)) {
        return true;
      }
    }
  }
  return false;
};

/** The proxy URL for a target protocol, Node's way: lower case first, http(s):// only. */
const proxyUrlFor = (env: ProxyEnv, protocol: 'http:' | 'https:'): string | undefined => {
  const url = protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
  return url && /^https?:\/\//.test(url) ? url : undefined;
};

const keepAlive = { keepAlive: true } as const;

const directAgentsFor = ({ maxSockets }: AgentOptions): Agents => ({
  http: new http.Agent({ ...keepAlive, maxSockets }),
  https: new https.Agent({ ...keepAlive, maxSockets }),
});

/**
 * Picks the keep-alive agents for each request. Agents live for the life of the process (Logto
 * rebuilds the connector on every request, so only module-level state survives), one set per
 * proxy environment, so connections to Naver, or tunnels through the proxy, are reused.
 */
export const createAgentPicker = (options: AgentOptions) => {
  const direct = directAgentsFor(options);
  /** Node-native proxy-aware agents, by proxy environment. */
  const native = new Map<string, Agents>();
  /** hpagent tunnel agents (older Node), by proxy URL. */
  const tunnels = new Map<string, http.Agent | https.Agent>();

  const nativeAgentsFor = (env: ProxyEnv): Agents => {
    const key = JSON.stringify(env);
    let agents = native.get(key);
    if (!agents) {
      // Node applies HTTP(S)_PROXY and NO_PROXY itself, per request, and keeps tunnels alive.
      const proxyEnv = { ...env } as NodeJS.ProcessEnv;
      agents = {
        http: new http.Agent({ ...keepAlive, maxSockets: options.maxSockets, proxyEnv } as http.AgentOptions),
        https: new https.Agent({
          ...keepAlive,
          maxSockets: options.maxSockets,
          proxyEnv,
        } as https.AgentOptions),
      };
      native.set(key, agents);
    }
    return agents;
  };

  const tunnelFor = (proxy: string, protocol: 'http:' | 'https:') => {
    const key = `${protocol} ${proxy}`;
    let agent = tunnels.get(key);
    if (!agent) {
      const agentOptions = { ...keepAlive, maxSockets: options.maxSockets, proxy };
      // CONNECT tunnels that stay open between requests (hpagent keeps them alive). Node itself
      // sends plain-HTTP targets in absolute form instead; Naver's endpoints are all HTTPS.
      agent = protocol === 'https:' ? new HttpsProxyAgent(agentOptions) : new HttpProxyAgent(agentOptions);
      tunnels.set(key, agent);
    }
    return agent;
  };

  /**
   * The agents for a request to `url` under the proxy environment `env` (`undefined`: no proxy).
   *
   * @param useNative Whether Node's agents take `proxyEnv` (see {@link nodeHasAgentProxyEnv}).
   */
  return (url: string, env: ProxyEnv | undefined, useNative = nodeHasAgentProxyEnv()): Agents => {
    if (!env) {
      return direct;
    }
    if (useNative) {
      return nativeAgentsFor(env);
    }
    const target = new URL(url);
    const protocol = target.protocol === 'http:' ? 'http:' : 'https:';
    const proxy = proxyUrlFor(env, protocol);
    if (!proxy || bypassesProxy(env.no_proxy || env.NO_PROXY, target.hostname, target.port)) {
      return direct;
    }
    const tunnel = tunnelFor(proxy, protocol);
    return protocol === 'https:'
      ? { http: direct.http, https: tunnel as https.Agent }
      : { http: tunnel as http.Agent, https: direct.https };
  };
};
