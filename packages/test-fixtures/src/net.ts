export * from './net/seeded-random.js';
export * from './net/tcp-proxy.js';
