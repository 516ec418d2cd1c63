/** Live counts of the connections a test server has seen. */
export interface ConnectionCounts {
  /** Connections that arrived since start, including ones the server refused at once. */
  readonly connectionCount: number;
  /** Connections open right now. */
  readonly openConnections: number;
  /** The highest number of connections that were open at the same time. */
  readonly peakConnections: number;
}

/** Counts a test server's connections; the server calls it, tests read `counts`. */
export interface ConnectionCounter {
  readonly counts: ConnectionCounts;
  /** Counts a connection that arrived; returns its 1-based number in order of arrival. */
  arrived(): number;
  /** Counts a connection the server accepted as open. */
  opened(): void;
  /** Counts an opened connection as closed. */
  closed(): void;
}

/** Starts a counter at zero. */
export const countConnections = (): ConnectionCounter => {
  let connectionCount = 0;
  let openConnections = 0;
  let peakConnections = 0;
  return {
    counts: {
      get connectionCount() {
        return connectionCount;
      },
      get openConnections() {
        return openConnections;
      },
      get peakConnections() {
        return peakConnections;
      },
    },
    arrived: () => {
      connectionCount += 1;
      return connectionCount;
    },
    opened: () => {
      openConnections += 1;
      peakConnections = Math.max(peakConnections, openConnections);
    },
    closed: () => {
      openConnections -= 1;
    },
  };
};

/**
 * Returns `target` with the counts as live read-only properties. The getters are copied as
 * getters: `Object.assign` or a spread would copy today's values
 * (https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Object/assign#copying_accessors).
 *
 * @typeParam Server The server's public type, counts included: `target` is the rest of it.
 */
export const withConnectionCounts = <Server extends ConnectionCounts>(
  target: Omit<Server, keyof ConnectionCounts>,
  counts: ConnectionCounts,
): Server => Object.defineProperties(target, Object.getOwnPropertyDescriptors(counts)) as Server;
