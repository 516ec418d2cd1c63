import type { Secrets } from '@seedworks/connector-common';
import got, { type Got, type HandlerFunction, type Method, type Response } from 'got';
import {
  defaultMaxResponseBytes,
  defaultRetryDelayMs,
  defaultRetryLimit,
  defaultTimeoutMs,
  maxRetryDelayMs,
  maxSocketsPerHost,
  type NaverEndpoints,
  naverEndpoints,
  userAgent,
} from '../constant.js';
import { fromTransportError } from './errors.js';
import { createAgentPicker, type ProxyEnv, pickProxyEnv, processProxyEnv } from './proxy.js';

/**
 * Options for talking to Naver. Not part of the admin config: production always uses the defaults
 * and {@link naverEndpoints}; tests, the demo and the benchmark point them at a mock Naver.
 */
export interface NaverApiOptions {
  /** Replaces some or all endpoints, e.g. with a local mock Naver's. */
  endpoints?: Partial<NaverEndpoints>;
  /** Per-attempt time limit in ms. Default {@link defaultTimeoutMs}. */
  timeoutMs?: number;
  /** Extra attempts for calls that are safe to repeat. Default {@link defaultRetryLimit}. */
  retryLimit?: number;
  /** First retry delay in ms, doubled each attempt. Default {@link defaultRetryDelayMs}. */
  retryDelayMs?: number;
  /** Larger answers are dropped as `InvalidResponse`. Default {@link defaultMaxResponseBytes}. */
  maxResponseBytes?: number;
  /**
   * Proxy variables to follow instead of the process's (`HTTPS_PROXY`, `NO_PROXY` …, as in
   * Node's `proxyEnv` agent option), e.g. a test's local proxy. `null`: no proxy at all.
   * Default: what Node's own agents follow (see `processProxyEnv` in proxy.ts).
   */
  proxyEnv?: Record<string, string | undefined> | null;
  /** Extra trusted CA certificates (PEM), e.g. a mock Naver's test certificate. */
  ca?: string;
}

/**
 * One request to Naver: which endpoint, how to send it, and whether it is safe to repeat.
 * The body always comes back as text; statuses are read by the caller.
 */
interface NaverRequest {
  /** What is attempted, quoted in errors, e.g. `the token exchange`. */
  call: string;
  method: Extract<Method, 'GET' | 'POST'>;
  url: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Retry network errors and 5xx with bounded backoff. Only for calls that are safe to repeat. */
  retry?: boolean;
  /** Secrets not in the request itself (the sign-in's code, say), masked in a failure's `cause` too. */
  otherSecrets?: Secrets;
}

/** The HTTP client shared by the calls of one connector: endpoints, agents, limits, retry. */
export interface NaverClient {
  readonly endpoints: Readonly<NaverEndpoints>;
  /**
   * Sends one request. Transport failures (timeout, DNS, proxy refusal, oversized answer) become
   * `ConnectorError`s via `fromTransportError`; any HTTP answer is returned as is.
   */
  send(request: NaverRequest): Promise<Response<string>>;
}

/**
 * Keep-alive agents shared by every connector instance for the life of the process: Logto rebuilds
 * the connector on each request (getLogtoConnectors in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/connector.ts), so only module-level state survives between sign-ins. Behind a
 * proxy (NODE_USE_ENV_PROXY=1 with HTTPS_PROXY) they are proxy-aware, keeping tunnels alive.
 */
const agentsFor = createAgentPicker({ maxSockets: maxSocketsPerHost });

/** Cancels a response once it grows past the limit (got's documented download-limit handler). */
const limitResponseSize =
  (maxBytes: number): HandlerFunction =>
  (options, next) => {
    const result = next(options);
    if ('on' in result && typeof result.on === 'function' && 'cancel' in result) {
      result.on('downloadProgress', ({ transferred, total }) => {
        if (transferred > maxBytes || (total !== undefined && total > maxBytes)) {
          result.cancel();
        }
      });
    }
    return result;
  };

const retryStatusCodes = [500, 502, 503, 504];

/**
 * The values a failure's `cause` must not show: every form value (client secret, code, refresh
 * token), every header credential (the access token after `Bearer`) and the request's other secrets.
 */
const secretsOf = ({ form, headers, otherSecrets = [] }: NaverRequest) => [
  ...Object.values(form ?? {}),
  ...Object.values(headers ?? {}).map((value) => value.split(' ').at(-1)),
  ...otherSecrets,
];

/** Reads the proxy variables once per client: Node, too, reads them once, at startup. */
const proxyEnvOf = (proxyEnv: NaverApiOptions['proxyEnv']): ProxyEnv | undefined => {
  if (proxyEnv === null) {
    return undefined;
  }
  return proxyEnv ? pickProxyEnv(proxyEnv) : processProxyEnv();
};

/**
 * Builds the HTTP client. Pure: no socket is opened until the first call.
 */
export const createNaverClient = (options: NaverApiOptions = {}): NaverClient => {
  const endpoints = Object.freeze({ ...naverEndpoints, ...options.endpoints });
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const retryLimit = options.retryLimit ?? defaultRetryLimit;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;

  const proxyEnv = proxyEnvOf(options.proxyEnv);

  const client: Got = got.extend({
    headers: { 'user-agent': userAgent, accept: 'application/json' },
    ...(options.ca && { https: { certificateAuthority: options.ca } }),
    timeout: { request: timeoutMs },
    // Statuses are read by hand: Naver reports token errors with HTTP 200 anyway.
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
    retry: { limit: 0 },
    handlers: [limitResponseSize(options.maxResponseBytes ?? defaultMaxResponseBytes)],
  });

  /** Bounded exponential backoff on network errors and 5xx, for calls that are safe to repeat. */
  const safeRetry = (method: Method) => ({
    limit: retryLimit,
    methods: [method],
    statusCodes: retryStatusCodes,
    // A zero delay would cancel the retry in got, hence at least 1 ms.
    calculateDelay: ({ attemptCount, computedValue }: { attemptCount: number; computedValue: number }) =>
      computedValue === 0
        ? 0
        : Math.max(1, Math.min(retryDelayMs * 2 ** (attemptCount - 1), maxRetryDelayMs)),
  });

  return {
    endpoints,
    async send(request) {
      const { call, method, url, form, headers, retry } = request;
      try {
        const options = {
          // Direct, or through the proxy unless NO_PROXY names the host.
          agent: agentsFor(url, proxyEnv),
          ...(form && { form }),
          ...(headers && { headers }),
          ...(retry && { retry: safeRetry(method) }),
        };
        return await (method === 'GET' ? client.get(url, options) : client.post(url, options));
      } catch (error: unknown) {
        throw fromTransportError(error, { call, timeoutMs, secrets: secretsOf(request) });
      }
    },
  };
};
