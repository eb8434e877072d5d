// The live feed (docs/api/feed.md): subscribe after the last applied sequence number, apply
// every later event exactly once and in order, reconnect with backoff when the socket drops and
// resubscribe from where the console stopped. An event that does not follow the last applied
// one (a gap) is never applied out of order: the connection is dropped and resubscribed.

export interface CadEvent {
  seq: number;
  time: string;
  actor: string;
  reason: string;
  kind: string;
  [field: string]: unknown;
}

export interface PositionFix {
  unit: number;
  lat: number;
  lon: number;
  time: string;
}

export type FeedState = "connecting" | "catching-up" | "live" | "reconnecting" | "closed";

export interface FeedHandlers {
  events(events: CadEvent[]): void;
  positions(fixes: PositionFix[]): void;
  state(state: FeedState, detail: string): void;
}

export class Feed {
  private socket: WebSocket | null = null;
  private retry = 0;
  private timer: number | undefined;
  private stopped = false;
  // Counters the tests and the status line read.
  reconnects = 0;
  duplicatesDropped = 0;

  constructor(
    private token: string,
    private lastSeq: number,
    private readonly on: FeedHandlers,
  ) {}

  get seq(): number {
    return this.lastSeq;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.socket?.close(1000, "logged out");
    this.socket = null;
    this.on.state("closed", "");
  }

  // Drops the connection as a network failure would (the tests use it); the feed reconnects.
  drop(): void {
    this.socket?.close(4000, "dropped by the console");
  }

  private connect(): void {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${location.host}/api/v1/feed?token=${encodeURIComponent(this.token)}`;
    this.on.state(this.retry === 0 ? "connecting" : "reconnecting", "");
    const ws = new WebSocket(url);
    this.socket = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "subscribe", after: this.lastSeq }));
      this.on.state("catching-up", `after ${this.lastSeq}`);
    };
    ws.onmessage = (m) => this.receive(ws, m.data);
    ws.onclose = (e) => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (this.stopped) return;
      this.reconnects++;
      const wait = Math.min(5000, 250 * 2 ** this.retry++);
      this.on.state("reconnecting", `${e.reason || "connection lost"}; again in ${wait} ms`);
      this.timer = window.setTimeout(() => this.connect(), wait);
    };
  }

  private receive(ws: WebSocket, data: unknown): void {
    let msg: { type?: string; events?: CadEvent[]; positions?: PositionFix[]; last_seq?: number };
    try {
      msg = JSON.parse(String(data));
    } catch {
      ws.close(4001, "the server sent something that is not JSON");
      return;
    }
    if (msg.type === "events" && Array.isArray(msg.events)) {
      const fresh: CadEvent[] = [];
      for (const e of msg.events) {
        if (e.seq <= this.lastSeq) {
          this.duplicatesDropped++;
          continue;
        }
        if (e.seq !== this.lastSeq + 1) {
          // Never apply past a gap: resubscribe from the last applied event.
          if (fresh.length) this.on.events(fresh);
          ws.close(4002, `gap: expected event ${this.lastSeq + 1}, got ${e.seq}`);
          return;
        }
        fresh.push(e);
        this.lastSeq = e.seq;
      }
      if (fresh.length) this.on.events(fresh);
    } else if (msg.type === "live") {
      this.retry = 0;
      this.on.state("live", `event ${this.lastSeq}`);
    } else if (msg.type === "positions" && Array.isArray(msg.positions)) {
      this.on.positions(msg.positions);
    }
  }
}
