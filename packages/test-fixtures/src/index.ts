export * from './net/seeded-random.js';
export * from './net/tcp-proxy.js';
export * from './secret-recorder.js';
export * from './smtp/certificate.js';
export * from './smtp/config.js';
export * from './smtp/dkim.js';
export * from './smtp/scripted-smtp-server.js';
export * from './smtp/test-smtp-server.js';
