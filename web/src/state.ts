// What the console knows: units, incidents, hospitals, alerts and the pending-call queue, kept
// current from the live feed. Events say what changed; the console then reads the changed
// kind of thing from the API (one request per kind however many events arrived, never two in
// flight), so versions, timers and assignments are exactly the server's, with no second copy
// of the dispatch rules in the browser. Positions from the feed are applied directly.

import { get } from "./api";
import type { CadEvent, PositionFix } from "./feed";
import { serverClock } from "./status";

export interface LatLonJson {
  lat: number;
  lon: number;
}

export interface Unit {
  id: number;
  name: string;
  type: string;
  capabilities: string[];
  home_station: number;
  availability: string;
  availability_since: string;
  version: number;
  incident?: number;
  state?: string;
  state_since?: string;
  destination?: number;
  position?: LatLonJson;
  position_time?: string;
  home_location?: LatLonJson;
}

export interface Assignment {
  unit: number;
  unit_name: string;
  state: string;
  since: string;
}

export interface Incident {
  id: number;
  location: LatLonJson;
  address: string;
  priority: number;
  created: string;
  closed: boolean;
  version: number;
  triage?: { complaint: string; determinant: string; priority: number; level: string };
  assignments?: Assignment[];
}

export interface Hospital {
  id: number;
  code: string;
  name: string;
  location: LatLonJson;
  emergency_department: boolean;
  status: string;
  typical_offload_s: number;
  capabilities: Record<string, unknown>;
  version: number;
}

export interface Alert {
  [field: string]: unknown;
}

export interface MoveUp {
  unit: number;
  unit_name: string;
  post: number;
  post_name: string;
  gain_share: number;
  reason: string;
  trigger: string;
  made: string;
}

export interface Coverage {
  enabled: boolean;
  reason?: string;
  expected_coverage_share?: number;
  covered_share?: number;
  gaps?: { lat: number; lon: number; weight: number; area: string; name: string }[];
  move_up_suggestions?: MoveUp[];
}

type Kind = "units" | "incidents" | "hospitals" | "alerts" | "waiting" | "coverage";

export class Store {
  units = new Map<number, Unit>();
  incidents = new Map<number, Incident>();
  hospitals = new Map<number, Hospital>();
  alerts: Alert[] = [];
  waiting: unknown[] = [];
  coverage: Coverage = { enabled: false };
  private coverageAt = 0;
  // Every event applied, in order (the timeline reads them; tests check there is no gap).
  log: CadEvent[] = [];
  private listeners = new Set<(kinds: Set<string>) => void>();
  private inFlight = new Set<Kind>();
  private again = new Set<Kind>();
  // The last event applied: a read older than it is not shown (it would undo what the event
  // showed) and is made again.
  private lastSeq = 0;

  subscribe(f: (kinds: Set<string>) => void): void {
    this.listeners.add(f);
  }

  private emit(kinds: Set<string>): void {
    for (const f of this.listeners) f(kinds);
  }

  async loadAll(): Promise<number> {
    const [u, i, h] = await Promise.all([
      get<{ units: Unit[]; last_seq: number; now?: string }>("/api/v1/units"),
      get<{ incidents: Incident[]; last_seq: number }>("/api/v1/incidents"),
      get<{ hospitals: Hospital[] }>("/api/v1/hospitals"),
    ]);
    serverClock.sync(u.now);
    this.setUnits(u.units);
    this.setIncidents(i.incidents);
    this.hospitals = new Map(h.hospitals.map((x) => [x.id, x]));
    await Promise.all([this.refresh("alerts"), this.refresh("waiting"), this.refresh("coverage")]);
    this.emit(new Set(["units", "incidents", "hospitals", "alerts", "waiting", "coverage"]));
    // The feed starts after the older of the two snapshots; replaying a few events again
    // only causes a refresh, never a wrong state.
    return Math.min(u.last_seq, i.last_seq);
  }

  private setUnits(list: Unit[]): void {
    const next = new Map<number, Unit>();
    for (const x of list) {
      // Keep a newer position from the feed than the list's.
      const old = this.units.get(x.id);
      if (old?.position && old.position_time && (!x.position_time || old.position_time > x.position_time)) {
        x.position = old.position;
        x.position_time = old.position_time;
      }
      next.set(x.id, x);
    }
    this.units = next;
  }

  private setIncidents(list: Incident[]): void {
    this.incidents = new Map(list.map((x) => [x.id, x]));
  }

  applyEvents(events: CadEvent[]): void {
    const dirty = new Set<Kind>();
    const shown = new Set<string>();
    for (const e of events) {
      this.log.push(e);
      this.lastSeq = Math.max(this.lastSeq, e.seq);
      if (this.applyLocally(e)) shown.add(e.kind === "HospitalStatusChanged" ? "hospitals" : e.kind.startsWith("Unit") || e.kind === "AssignmentProgressed" ? "units" : "incidents");
      switch (e.kind) {
        case "CallReceived":
          dirty.add("waiting");
          break;
        case "IncidentCreated":
        case "IncidentUpdated":
        case "IncidentMerged":
        case "TriageCompleted":
        case "PriorityChanged":
        case "IncidentClosed":
        case "UnitRecommended":
          dirty.add("incidents");
          dirty.add("waiting");
          dirty.add("alerts");
          break;
        case "UnitAssigned":
        case "AssignmentProgressed":
          dirty.add("coverage");
          dirty.add("units");
          dirty.add("incidents");
          dirty.add("alerts");
          dirty.add("waiting");
          break;
        case "UnitAvailabilityChanged":
        case "MoveUpRecommended":
          dirty.add("coverage");
          dirty.add("units");
          dirty.add("alerts");
          break;
        case "HospitalStatusChanged":
          dirty.add("hospitals");
          break;
      }
    }
    if (this.log.length > 5000) this.log.splice(0, this.log.length - 5000);
    shown.add("log");
    this.emit(shown);
    for (const k of dirty) void this.refresh(k);
  }

  // What an event says outright is shown at once (status, availability, priority, Code Black);
  // the read that follows brings versions and everything derived.
  private applyLocally(e: CadEvent): boolean {
    const unit = typeof e.unit === "number" ? this.units.get(e.unit) : undefined;
    const incident = typeof e.incident === "number" ? this.incidents.get(e.incident) : undefined;
    switch (e.kind) {
      case "UnitAvailabilityChanged":
        if (!unit) return false;
        unit.availability = String(e.availability);
        unit.availability_since = e.time;
        return true;
      case "UnitAssigned":
        if (!unit) return false;
        unit.incident = e.incident as number;
        unit.state = "ASSIGNED";
        unit.state_since = e.time;
        return true;
      case "AssignmentProgressed":
        if (!unit) return false;
        if (e.state === "CLEARED" || e.state === "CANCELLED") {
          delete unit.incident;
          delete unit.state;
          delete unit.state_since;
        } else {
          unit.state = String(e.state);
          unit.state_since = e.time;
        }
        return true;
      case "TriageCompleted":
      case "PriorityChanged":
        if (!incident) return false;
        incident.priority = Number(e.priority);
        return true;
      case "IncidentClosed":
        if (!incident) return false;
        incident.closed = true;
        return true;
      case "HospitalStatusChanged": {
        const h = this.hospitals.get(e.hospital as number);
        if (!h) return false;
        h.status = String(e.status);
        return true;
      }
    }
    return false;
  }

  applyPositions(fixes: PositionFix[]): void {
    for (const f of fixes) {
      const u = this.units.get(f.unit);
      if (!u) continue;
      u.position = { lat: f.lat, lon: f.lon };
      u.position_time = f.time;
    }
    this.emit(new Set(["positions"]));
  }

  // Reads one kind again; a request already in flight is followed by exactly one more.
  async refresh(kind: Kind): Promise<void> {
    if (this.inFlight.has(kind)) {
      this.again.add(kind);
      return;
    }
    this.inFlight.add(kind);
    try {
      switch (kind) {
        case "units": {
          const r = await get<{ units: Unit[]; now?: string; last_seq: number }>("/api/v1/units");
          serverClock.sync(r.now);
          if (r.last_seq < this.lastSeq) {
            this.again.add(kind);
            return;
          }
          this.setUnits(r.units);
          break;
        }
        case "incidents": {
          const r = await get<{ incidents: Incident[]; last_seq: number }>("/api/v1/incidents");
          if (r.last_seq < this.lastSeq) {
            this.again.add(kind);
            return;
          }
          this.setIncidents(r.incidents);
          break;
        }
        case "hospitals":
          this.hospitals = new Map(
            (await get<{ hospitals: Hospital[] }>("/api/v1/hospitals")).hospitals.map((x) => [x.id, x]),
          );
          break;
        case "alerts": {
          const r = await get<{ alerts: Alert[]; now?: string }>("/api/v1/alerts");
          serverClock.sync(r.now);
          this.alerts = r.alerts ?? [];
          break;
        }
        case "coverage": {
          // Coverage is a search per idle unit on the server: at most one read every 2 s.
          const wait = this.coverageAt + 2000 - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          this.coverageAt = performance.now();
          this.coverage = await get<Coverage>("/api/v1/coverage");
          break;
        }
        case "waiting":
          this.waiting = (await get<{ waiting: unknown[] }>("/api/v1/waiting")).waiting ?? [];
          break;
      }
      this.emit(new Set([kind]));
    } catch {
      // The next event or reconnect reads it again; the status line shows the connection.
    } finally {
      this.inFlight.delete(kind);
      if (this.again.delete(kind)) void this.refresh(kind);
    }
  }
}
