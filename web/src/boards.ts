// The status board (every unit, its state and how long it has been in it, timers amber and red
// when overdue, keyboard shortcuts for the common status changes), the hospital board (with the
// Code Black toggle for supervisors), the incident list, the pending-call queue and the alerts.
// Rows are keyed by id and updated in place, with fixed heights: updates never move the layout.

import { ApiError, get, post } from "./api";
import { clear, h, setClass, setText } from "./dom";
import type { Alert, Store, Unit } from "./state";
import { NEXT_STATE, formatElapsed, serverClock, unitStatus } from "./status";

function alertLevel(alerts: Alert[], match: (a: Alert) => boolean): string {
  let level = "";
  for (const a of alerts) {
    if (!match(a)) continue;
    if (a.level === "RED") return "red";
    if (a.level === "AMBER") level = "amber";
  }
  return level;
}

interface Row {
  tr: HTMLTableRowElement;
  status: HTMLElement;
  timer: HTMLElement;
  incident: HTMLElement;
}

export class UnitBoard {
  readonly root = h("div");
  private table = h("table", { id: "unit-board" });
  private rows = new Map<number, Row>();
  private selected: number | null = null;
  private error = h("div", { class: "error-box", role: "alert" });
  onSelectIncident: (id: number) => void = () => {};
  onShowUnit: (u: Unit) => void = () => {};

  constructor(private readonly store: Store) {
    this.table.append(
      h(
        "tr",
        {},
        h("th", { style: "width:58px" }, "Unit"),
        h("th", { style: "width:44px" }, "Type"),
        h("th", { style: "width:128px" }, "Status"),
        h("th", { style: "width:70px" }, "Time"),
        h("th", {}, "Incident"),
      ),
    );
    this.root.append(
      h(
        "div",
        { class: "muted", style: "margin-bottom:6px" },
        "Select a unit, then ",
        h("span", { class: "kbd" }, "N"),
        " next status, ",
        h("span", { class: "kbd" }, "E"),
        " en route, ",
        h("span", { class: "kbd" }, "S"),
        " on scene, ",
        h("span", { class: "kbd" }, "C"),
        " clear, ",
        h("span", { class: "kbd" }, "↑↓"),
        " move",
      ),
      this.error,
      this.table,
    );
    this.table.addEventListener("keydown", (e) => this.key(e));
  }

  render(): void {
    const units = [...this.store.units.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    for (const u of units) {
      let row = this.rows.get(u.id);
      if (!row) {
        const status = h("td", {});
        const timer = h("td", { class: "timer" });
        const incident = h("td", {});
        const tr = h("tr", { tabindex: 0, "data-unit": u.name }, h("td", {}, u.name), h("td", {}, u.type), status, timer, incident);
        tr.addEventListener("click", () => this.select(u.id));
        tr.addEventListener("dblclick", () => u.incident && this.onSelectIncident(u.incident));
        row = { tr, status, timer, incident };
        this.rows.set(u.id, row);
        this.table.append(tr);
      }
      const s = unitStatus(u);
      setText(row.status, s.label);
      setClass(row.status, `status ${s.cls}`);
      setText(row.incident, u.incident ? `#${u.incident}` : "");
    }
    this.tick();
  }

  // Every second: the timers, coloured by the server's overdue alerts for the unit.
  tick(): void {
    const now = serverClock.now();
    for (const [id, row] of this.rows) {
      const u = this.store.units.get(id);
      if (!u) continue;
      const s = unitStatus(u);
      const since = Date.parse(s.since);
      // A unit that has never changed state since the log began has no meaningful timer.
      setText(row.timer, Number.isFinite(since) && since > 946684800000 ? formatElapsed(now - since) : "—");
      // The status timer turns with the overdue alerts for this unit's state (not a stale fix).
      const level = alertLevel(this.store.alerts, (a) => a.unit === id && (a.kind === "OVERDUE_ON_SCENE" || a.kind === "OVERDUE_AT_HOSPITAL"));
      setClass(row.timer, `timer ${level}`);
      row.timer.title = level ? `Overdue (${level.toUpperCase()})` : "";
    }
  }

  private select(id: number): void {
    this.selected = id;
    for (const [rid, row] of this.rows) row.tr.classList.toggle("selected", rid === id);
    const row = this.rows.get(id);
    row?.tr.focus();
    const u = this.store.units.get(id);
    if (u) this.onShowUnit(u);
  }

  private key(e: KeyboardEvent): void {
    if (this.selected === null) return;
    const ids = [...this.rows.keys()];
    const at = ids.indexOf(this.selected);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = ids[Math.max(0, Math.min(ids.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))];
      this.select(next);
      return;
    }
    const u = this.store.units.get(this.selected);
    if (!u) return;
    const k = e.key.toLowerCase();
    let state: string | undefined;
    if (k === "n" && u.state) state = NEXT_STATE[u.state];
    else if (k === "e") state = "EN_ROUTE";
    else if (k === "s") state = "ON_SCENE";
    else if (k === "c") state = "CLEARED";
    if (!state) return;
    e.preventDefault();
    void this.setState(u, state);
  }

  async setState(u: Unit, state: string): Promise<void> {
    setText(this.error, "");
    try {
      const body: Record<string, unknown> = { version: u.version, state };
      if (state === "TRANSPORTING" && u.incident) {
        const d = await get<{ ranked?: { hospital: number }[] }>(`/api/v1/incidents/${u.incident}/destinations`).catch(
          () => undefined,
        );
        if (d?.ranked?.length) body.destination = d.ranked[0].hospital;
      }
      await post(`/api/v1/units/${u.id}/status`, body);
    } catch (e) {
      const msg = (e as Error).message;
      setText(this.error, `${u.name}: ${e instanceof ApiError && e.status === 409 ? msg + " (the board is updating)" : msg}`);
    }
  }
}

interface HospitalRow {
  waiting: HTMLElement;
  status: HTMLElement;
  button: HTMLButtonElement | null;
}

export class HospitalBoard {
  readonly root = h("div");
  private error = h("div", { class: "error-box", role: "alert" });
  private table = h("table", { id: "hospital-board" });
  private rows = new Map<number, HospitalRow>();

  constructor(
    private readonly store: Store,
    private readonly role: string,
  ) {
    this.table.append(
      h(
        "tr",
        {},
        h("th", {}, "Hospital and capabilities"),
        h("th", { style: "width:52px", title: "Typical arrival to transfer of care" }, "Offload"),
        h("th", { style: "width:58px", title: "Units at the hospital now, and the longest wait" }, "At ED"),
        h("th", { style: "width:90px" }, "Status"),
        h("th", { style: "width:88px" }, ""),
      ),
    );
    this.root.append(this.error, this.table);
  }

  // Rows are made once per hospital and their cells updated in place (a button is never
  // replaced under the pointer while live updates arrive).
  render(): void {
    const canToggle = this.role === "supervisor" || this.role === "admin";
    for (const x of [...this.store.hospitals.values()].sort((a, b) => a.code.localeCompare(b.code))) {
      let row = this.rows.get(x.id);
      if (!row) {
        const c = x.capabilities as Record<string, unknown>;
        const caps: string[] = [];
        if (Number(c.trauma_adult_level)) caps.push(`Trauma ${c.trauma_adult_level}`);
        if (Number(c.trauma_peds_level)) caps.push(`Peds trauma ${c.trauma_peds_level}`);
        if (c.stroke && c.stroke !== "none") caps.push(`Stroke ${c.stroke}`);
        for (const k of ["pci", "burn", "pediatric", "obstetric", "behavioral"]) if (c[k]) caps.push(k.toUpperCase());
        const id = x.id;
        const button = canToggle ? h("button", { "data-hospital": x.code, style: "padding:1px 6px" }) : null;
        button?.addEventListener("click", async () => {
          const now = this.store.hospitals.get(id);
          if (!now) return;
          setText(this.error, "");
          button.disabled = true;
          try {
            const black = now.status === "CODE_BLACK";
            await post(`/api/v1/hospitals/${id}/status`, { version: now.version, status: black ? "OPEN" : "CODE_BLACK" });
          } catch (e) {
            setText(this.error, `${now.code}: ${(e as Error).message}`);
          } finally {
            button.disabled = false;
          }
        });
        row = { waiting: h("td", {}), status: h("td", {}), button };
        this.rows.set(id, row);
        this.table.append(
          h(
            "tr",
            { "data-hospital": x.code, title: x.name },
            h("td", { class: "hospital-cell", title: `${x.name}: ${caps.join(", ") || "emergency department"}` }, h("strong", {}, x.code), h("small", {}, caps.join(" · ") || "ED")),
            h("td", {}, `${Math.round(x.typical_offload_s / 60)} min`),
            row.waiting,
            row.status,
            h("td", {}, button),
          ),
        );
      }
      const black = x.status === "CODE_BLACK";
      if (row.status.dataset.state !== x.status) {
        row.status.dataset.state = x.status;
        clear(row.status);
        row.status.append(black ? h("span", { class: "code-black" }, "CODE BLACK") : "OPEN");
      }
      if (row.button) setText(row.button, black ? "Reopen" : "Code Black");
      // Units waiting to hand over here now (AT_DESTINATION), and the longest of those waits.
      let waiting = 0;
      let longest = 0;
      for (const u of this.store.units.values()) {
        if (u.destination !== x.id || u.state !== "AT_DESTINATION" || !u.state_since) continue;
        waiting++;
        longest = Math.max(longest, serverClock.now() - Date.parse(u.state_since));
      }
      setText(row.waiting, waiting ? `${waiting} · ${formatElapsed(longest)}` : "");
      setClass(row.waiting, `timer ${longest > x.typical_offload_s * 1000 ? "amber" : ""}`);
    }
  }
}

export class IncidentList {
  readonly root = h("div");
  private table = h("table", { id: "incident-list" });
  onSelect: (id: number) => void = () => {};

  constructor(private readonly store: Store) {
    this.root.append(this.table);
  }

  render(): void {
    clear(this.table);
    this.table.append(h("tr", {}, h("th", { style: "width:48px" }, "Pri"), h("th", { style: "width:50px" }, "#"), h("th", {}, "Where"), h("th", { style: "width:64px" }, "Age")));
    const list = [...this.store.incidents.values()].filter((i) => !i.closed).sort((a, b) => (a.priority || 9) - (b.priority || 9) || a.id - b.id);
    const now = serverClock.now();
    for (const i of list) {
      const tr = h(
        "tr",
        { "data-incident": i.id, tabindex: 0 },
        h("td", {}, h("span", { class: `badge p${i.priority || 0}` }, i.priority ? `P${i.priority}` : "P?")),
        h("td", {}, `#${i.id}`),
        h("td", { title: i.address }, i.address || "(no address)"),
        h("td", {}, h("span", { class: `timer ${alertLevel(this.store.alerts, (a) => a.incident === i.id && a.kind === "CALL_NOT_DISPATCHED")}` }, formatElapsed(now - Date.parse(i.created)))),
      );
      tr.addEventListener("click", () => this.onSelect(i.id));
      this.table.append(tr);
    }
    if (!list.length) this.table.append(h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No open incidents")));
  }
}

export class QueueAndAlerts {
  readonly queue = h("div", { id: "queue" });
  readonly alerts = h("div", { id: "alerts" });
  onSelect: (id: number) => void = () => {};

  constructor(private readonly store: Store) {}

  render(): void {
    clear(this.queue);
    const waiting = this.store.waiting as { incident: number; priority: number; waiting_s: number }[];
    if (!waiting.length) this.queue.append(h("p", { class: "muted" }, "No calls waiting for a unit"));
    for (const w of waiting) {
      const level = alertLevel(this.store.alerts, (a) => a.incident === w.incident && a.kind === "CALL_NOT_DISPATCHED");
      const d = h(
        "div",
        { class: "alert", "data-incident": w.incident },
        h("span", { class: `badge p${w.priority}` }, `P${w.priority}`),
        ` #${w.incident} waiting `,
        h("span", { class: `timer ${level}`, title: level ? `Overdue (${level.toUpperCase()})` : "" }, formatElapsed(w.waiting_s * 1000)),
      );
      d.addEventListener("click", () => this.onSelect(w.incident));
      this.queue.append(d);
    }
    clear(this.alerts);
    if (!this.store.alerts.length) this.alerts.append(h("p", { class: "muted" }, "No alerts"));
    for (const a of this.store.alerts) {
      const d = h("div", { class: `alert ${String(a.level)}` }, h("strong", {}, String(a.level)), ` ${String(a.message)}`);
      if (typeof a.incident === "number") d.addEventListener("click", () => this.onSelect(a.incident as number));
      this.alerts.append(d);
    }
  }
}

// Coverage now: the share of demand the idle units reach in time, the gaps, and the move-up
// suggestions (after each assignment and clearance) to accept (order) or dismiss.
export class CoveragePanel {
  readonly root = h("div", { id: "coverage" });
  private error = h("div", { class: "error-box", role: "alert" });
  private body = h("div");

  constructor(
    private readonly store: Store,
    private readonly canAct: boolean,
  ) {
    this.root.append(this.error, this.body);
  }

  render(): void {
    clear(this.body);
    const c = this.store.coverage;
    if (!c.enabled) {
      this.body.append(h("p", { class: "muted" }, `Coverage is off: ${c.reason ?? "no coverage data in this model"}`));
      return;
    }
    const pct = (x: number | undefined) => `${Math.round((x ?? 0) * 1000) / 10} %`;
    this.body.append(
      h("div", {}, "Expected coverage ", h("strong", {}, pct(c.expected_coverage_share)), " · reached at least once ", h("strong", {}, pct(c.covered_share))),
      h("div", { class: "muted" }, `${c.gaps?.length ?? 0} demand point(s) no idle unit reaches in time (red on the map)`),
      h("h3", {}, "Move-up suggestions"),
    );
    const moves = c.move_up_suggestions ?? [];
    if (!moves.length) this.body.append(h("p", { class: "muted" }, "None open"));
    for (const m of moves) {
      const row = h(
        "div",
        { class: "alert", "data-move-up": m.unit_name },
        h("strong", {}, `${m.unit_name} → ${m.post_name}`),
        ` +${Math.round(m.gain_share * 1000) / 10} % expected coverage`,
        h("div", { class: "muted" }, `${m.reason} (after ${m.trigger})`),
      );
      if (this.canAct) {
        const accept = h("button", { class: "primary", "data-action": "accept" }, "Accept");
        const dismiss = h("button", { "data-action": "dismiss", style: "margin-left:6px" }, "Dismiss");
        const act = async (decision: string, b: HTMLButtonElement) => {
          setText(this.error, "");
          b.disabled = true;
          const u = this.store.units.get(m.unit);
          try {
            await post(`/api/v1/units/${m.unit}/move-up`, { version: u?.version ?? 0, post: m.post, decision });
            await this.store.refresh("coverage");
          } catch (e) {
            setText(this.error, `${m.unit_name}: ${(e as Error).message}`);
            b.disabled = false;
          }
        };
        accept.addEventListener("click", () => void act("accept", accept));
        dismiss.addEventListener("click", () => void act("dismiss", dismiss));
        row.append(h("div", { style: "margin-top:4px" }, accept, dismiss));
      }
      this.body.append(row);
    }
  }
}
