import { describe, expect, it } from 'vitest';
import { type ConnectionCounts, countConnections, withConnectionCounts } from './connection-counter.js';

describe('countConnections', () => {
  it('numbers arrivals, counts open connections and keeps the peak', () => {
    const connections = countConnections();
    expect([connections.arrived(), connections.arrived(), connections.arrived()]).toEqual([1, 2, 3]);
    connections.opened();
    connections.opened();
    connections.closed();
    connections.opened();
    expect({ ...connections.counts }).toEqual({ connectionCount: 3, openConnections: 2, peakConnections: 2 });
  });

  it('gives a server object live, read-only counts', () => {
    const connections = countConnections();
    const server = withConnectionCounts<ConnectionCounts & { host: string }>(
      { host: '127.0.0.1' },
      connections.counts,
    );
    connections.arrived();
    connections.opened();
    expect(server.connectionCount).toBe(1);
    expect(server.openConnections).toBe(1);
    expect(() => {
      (server as { connectionCount: number }).connectionCount = 5;
    }).toThrow(TypeError);
  });
});
