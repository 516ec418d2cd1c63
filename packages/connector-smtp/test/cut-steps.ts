import type { ProxyChunkEvent, ProxyDirection, ProxyDropEvent } from '@seedworks/test-fixtures';

/**
 * The protocol step a cut hit. Client side: the command (or the message body) being sent;
 * server side: the command whose reply was on its way. `end of data` on the server side is the
 * reply to the terminating dot: the server had the whole message, so it may have delivered it.
 */
export type CutStep =
  | 'connect'
  | 'greeting'
  | 'EHLO'
  | 'AUTH'
  | 'MAIL'
  | 'RCPT'
  | 'DATA'
  | 'body'
  | 'end of data'
  | 'other';

export interface Cut {
  connection: number;
  side: 'client' | 'server' | 'connect';
  step: CutStep;
}

const stepOfCommand = (line: string): CutStep => {
  const verb = (line.split(/[ :]/)[0] ?? '').toUpperCase();
  if (verb === 'EHLO' || verb === 'HELO') return 'EHLO';
  if (verb === 'MAIL' || verb === 'RCPT' || verb === 'DATA' || verb === 'AUTH') return verb;
  // RSET, QUIT, or a line cut too short to name its verb
  return 'other';
};

/** One connection's traffic as the proxy passed it on, read as SMTP. */
class Transcript {
  private client = '';
  private server = '';

  add(direction: ProxyDirection, data: Buffer) {
    if (direction === 'client-to-server') {
      this.client += data.toString('latin1');
    } else {
      this.server += data.toString('latin1');
    }
  }

  /** Forgets the last `bytes` bytes that went `direction`. */
  truncate(direction: ProxyDirection, bytes: number) {
    if (direction === 'client-to-server') {
      this.client = this.client.slice(0, this.client.length - bytes);
    } else {
      this.server = this.server.slice(0, this.server.length - bytes);
    }
  }

  /**
   * The client's units in order, each answered by one reply: the greeting (sent by the server
   * unasked), every command line (AUTH continuation lines count as AUTH), and each message body
   * with its terminating dot. `complete` is false for a unit cut short.
   */
  private clientUnits(): Array<{ step: CutStep; complete: boolean }> {
    const units: Array<{ step: CutStep; complete: boolean }> = [{ step: 'greeting', complete: true }];
    let rest = this.client;
    let inAuth = false;
    let dataAccepted = 0;
    while (rest.length > 0) {
      const last = units.at(-1)!;
      if (last.step === 'DATA' && last.complete && dataAccepted < this.dataReplies()) {
        dataAccepted += 1;
        const end = rest.startsWith('.\r\n') ? 0 : rest.indexOf('\r\n.\r\n');
        if (end === -1) {
          units.push({ step: 'body', complete: false });
          break;
        }
        units.push({ step: 'end of data', complete: true });
        rest = rest.slice(end === 0 ? 3 : end + 5);
        continue;
      }
      const lineEnd = rest.indexOf('\r\n');
      const line = lineEnd === -1 ? rest : rest.slice(0, lineEnd);
      let step = stepOfCommand(line);
      if (inAuth && step === 'other') {
        step = 'AUTH';
      }
      inAuth = step === 'AUTH';
      units.push({ step, complete: lineEnd !== -1 });
      rest = lineEnd === -1 ? '' : rest.slice(lineEnd + 2);
    }
    return units;
  }

  /** Complete replies (a multi-line reply ends with a `NNN ` line; a line without CRLF is cut short). */
  private replies(): string[] {
    return this.server
      .split('\r\n')
      .slice(0, -1)
      .filter((line) => /^\d{3}( |$)/.test(line));
  }

  /** 354 replies: each lets one body through. */
  private dataReplies() {
    return this.replies().filter((reply) => reply.startsWith('354')).length;
  }

  stepAtCut(direction: ProxyDirection): CutStep {
    const units = this.clientUnits();
    if (direction === 'client-to-server') {
      const last = units.at(-1)!;
      return last.step === 'end of data' ? 'body' : last.step;
    }
    // The reply being sent answers the first unit without a complete reply.
    return units[this.replies().length]?.step ?? 'other';
  }
}

/**
 * Follows every proxied connection and names the step of each cut. For a proxy without delay:
 * its `onDrop` then comes right after the `onChunk` of the chunk that reached the cut point.
 */
export const cutRecorder = () => {
  const transcripts = new Map<number, Transcript>();
  const cuts: Cut[] = [];
  const transcript = (connection: number) => {
    let found = transcripts.get(connection);
    if (!found) {
      found = new Transcript();
      transcripts.set(connection, found);
    }
    return found;
  };
  let last: ProxyChunkEvent | undefined;
  return {
    cuts,
    onChunk: (event: ProxyChunkEvent) => {
      last = event;
      transcript(event.connection).add(event.direction, event.data);
    },
    onDrop: (event: ProxyDropEvent) => {
      if (event.direction === undefined) {
        cuts.push({ connection: event.connection, side: 'connect', step: 'connect' });
        return;
      }
      const connection = transcript(event.connection);
      if (last && last.connection === event.connection && last.direction === event.direction) {
        // Only the part before the cut went through.
        connection.truncate(event.direction, last.data.length - event.forwarded.length);
      }
      cuts.push({
        connection: event.connection,
        side: event.direction === 'client-to-server' ? 'client' : 'server',
        step: connection.stepAtCut(event.direction),
      });
    },
  };
};
