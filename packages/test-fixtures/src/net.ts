export * from './net/http-proxy.js';
export * from './net/seeded-random.js';
export * from './net/socks-proxy.js';
export * from './net/tcp-proxy.js';
