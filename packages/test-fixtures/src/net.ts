export * from './net/latency-proxy.js';
