/** One payload through the gateway, either way; a close the fake sent is `op: -1` with `d: { close, reason }`. */
export interface GatewayFrame {
  dir: 'in' | 'out';
  /** Which WebSocket connection (1, 2, … in order of connecting). */
  connection: number;
  op: number;
  t?: string | null;
  s?: number | null;
  d: unknown;
  at: number;
}

/** An Identify the fake received, with what came of it. */
export interface IdentifyRecord {
  connection: number;
  intents: number;
  d: Record<string, unknown>;
  /**
   * `ready`; `rate_limited` when it came too soon after another of its bucket (answered with op 9); or the
   * close code the fake answered with (4004 bad token, 4014 disallowed intents…).
   */
  outcome: 'ready' | 'rate_limited' | number;
}

/** A WebSocket connection: the path it came to (`/` or `/resume`) and, once closed, the code. */
export interface ConnectionInfo {
  id: number;
  path: string;
  closeCode?: number;
}

/** A dispatch the fake did not send to a session, because its intents leave the event out. */
export interface DroppedEvent {
  session: string;
  t: string;
  d: unknown;
}

/** What the gateway saw and sent, for tests to read and wait on. */
export class GatewayLog {
  readonly frames: GatewayFrame[] = [];
  readonly identifies: IdentifyRecord[] = [];
  readonly connections: ConnectionInfo[] = [];
  readonly dropped: DroppedEvent[] = [];
  private waiters: {
    predicate: (f: GatewayFrame) => boolean;
    resolve: (f: GatewayFrame) => void;
    reject: (e: Error) => void;
  }[] = [];

  frame(frame: GatewayFrame): void {
    this.frames.push(frame);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(frame)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(frame);
      }
    }
  }

  /** The first frame (already seen or coming) that matches; rejects after `timeoutMs`. */
  waitForFrame(predicate: (f: GatewayFrame) => boolean, timeoutMs = 5000): Promise<GatewayFrame> {
    const found = this.frames.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (f: GatewayFrame) => {
          clearTimeout(timer);
          resolve(f);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`fake Discord gateway: no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Ends pending waits at once (the fake is closing). */
  rejectWaiters(reason: string): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(reason));
  }
}
