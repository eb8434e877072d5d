// One incident: what it is, the recommendation (ranked units with ETA, level and reasons, the
// units it skipped and why), one action to dispatch, its assignments and its timeline.

import { ApiError, get, post } from "./api";
import { clear, h, setText } from "./dom";
import type { Incident, Store } from "./state";
import { formatElapsed } from "./status";

interface Candidate {
  unit: number;
  name: string;
  level: string;
  eta_s: number;
  from_station: boolean;
  reason: string;
}

interface Recommendation {
  incident: number;
  made: string;
  plan: string;
  short_of_units: number;
  chosen: Candidate[];
  ranked: Candidate[];
  skipped: { unit: number; name: string; reason: string }[];
}

interface Destinations {
  need: string;
  ranked: { hospital: number; name: string; eta_s: number; meets_need: boolean; reason: string }[];
  excluded: { hospital: number; name: string; reason: string }[];
}

interface IncidentDetail extends Incident {
  recommendation?: Recommendation;
  times?: Record<string, string>;
}

export class IncidentView {
  readonly root = h("div", { class: "incident-view" });
  private id: number | null = null;
  private detail: IncidentDetail | null = null;
  private destinations: Destinations | null = null;
  private error = h("div", { class: "error-box", role: "alert" });
  private body = h("div");
  private loading = false;

  constructor(
    private readonly store: Store,
    id: string,
    hint = "Select an incident from the list or the map.",
  ) {
    this.root.id = id;
    this.root.append(this.error, this.body);
    if (hint) this.body.append(h("p", { class: "muted" }, hint));
  }

  hide(): void {
    this.id = null;
    this.detail = null;
    clear(this.body);
  }

  get current(): number | null {
    return this.id;
  }

  async show(id: number): Promise<void> {
    this.id = id;
    setText(this.error, "");
    await this.reload();
  }

  // Called when incidents change: the open one is read again.
  async reload(): Promise<void> {
    if (this.id === null || this.loading) return;
    this.loading = true;
    try {
      this.detail = await get<IncidentDetail>(`/api/v1/incidents/${this.id}`);
      this.destinations = await get<Destinations>(`/api/v1/incidents/${this.id}/destinations`).catch(() => null);
      if (!this.detail.recommendation && !this.detail.closed) {
        this.detail.recommendation = await post<Recommendation>(`/api/v1/incidents/${this.id}/recommendation`).catch(
          () => undefined,
        );
      }
      this.render();
    } catch (e) {
      setText(this.error, (e as Error).message);
    } finally {
      this.loading = false;
    }
  }

  private render(): void {
    const d = this.detail;
    if (!d) return;
    clear(this.body);
    const p = d.priority || 0;
    this.body.append(
      h("h2", {}, h("span", { class: `badge p${p}` }, p ? `P${p}` : "P?"), ` Incident #${d.id}`, d.closed ? " (closed)" : ""),
      h("div", {}, d.address || `${d.location.lat.toFixed(5)}, ${d.location.lon.toFixed(5)}`),
      d.triage
        ? h("div", { class: "muted" }, `${d.triage.determinant} · ${d.triage.complaint} · ${d.triage.level}`)
        : h("div", { class: "muted" }, "Not triaged yet"),
    );
    const r = d.recommendation;
    if (r && !d.closed) {
      const table = h("table", { class: "recommendation" }, h("tr", {}, h("th", { style: "width:60px" }, "Unit"), h("th", { style: "width:44px" }, "Level"), h("th", { style: "width:56px" }, "ETA"), h("th", {}, "Why")));
      const chosen = new Set(r.chosen.map((c) => c.unit));
      for (const c of r.ranked.slice(0, 8)) {
        table.append(
          h(
            "tr",
            { class: chosen.has(c.unit) ? "rec-row selected" : "rec-row", "data-unit": c.name },
            h("td", {}, c.name),
            h("td", {}, c.level),
            h("td", { class: "timer" }, formatElapsed(c.eta_s * 1000)),
            h("td", { title: c.reason }, (chosen.has(c.unit) ? "SEND · " : "") + c.reason),
          ),
        );
      }
      const active = new Set((d.assignments ?? []).filter((a) => !["CLEARED", "CANCELLED"].includes(a.state)).map((a) => a.unit));
      const sent = r.chosen.length > 0 && r.chosen.every((c) => active.has(c.unit));
      const names = r.chosen.map((c) => c.name).join(" + ");
      const dispatch = h("button", { class: "primary dispatch" }, sent ? `Dispatched ${names}` : `Dispatch ${names || "(none available)"}`);
      dispatch.disabled = r.chosen.length === 0 || sent;
      dispatch.addEventListener("click", () => void this.dispatch(dispatch));
      this.body.append(
        h("h3", {}, `Recommendation${r.plan ? " · " + r.plan : ""}`),
        table,
        h("div", { class: "error-box" }, r.short_of_units ? `Short of ${r.short_of_units} unit(s)` : ""),
        h("div", { style: "margin:8px 0" }, dispatch, " ", h("button", { onclick: () => void this.recommend() }, "Recommend again")),
      );
      if (r.skipped.length) {
        const ul = h("ul", { class: "muted skipped" });
        for (const s of r.skipped.slice(0, 10)) ul.append(h("li", {}, `${s.name}: ${s.reason}`));
        this.body.append(h("h3", {}, "Skipped"), ul);
      }
    }
    if (d.assignments?.length) {
      const t = h("table", {}, h("tr", {}, h("th", {}, "Unit"), h("th", {}, "State"), h("th", {}, "Since")));
      for (const a of d.assignments) t.append(h("tr", {}, h("td", {}, a.unit_name), h("td", {}, a.state), h("td", {}, a.since.slice(11, 19))));
      this.body.append(h("h3", {}, "Assignments"), t);
    }
    if (!d.closed && !(d.assignments ?? []).some((a) => !["CLEARED", "CANCELLED"].includes(a.state))) {
      const close = h("button", {}, "Close incident");
      close.addEventListener("click", () => void this.act(`/api/v1/incidents/${d.id}/close`, close));
      this.body.append(h("div", { style: "margin:8px 0" }, close));
    }
    if (this.destinations && !d.closed) {
      const t = h("table", { class: "destinations" }, h("tr", {}, h("th", { style: "width:150px" }, "Hospital"), h("th", { style: "width:56px" }, "ETA"), h("th", {}, "Why")));
      for (const x of this.destinations.ranked.slice(0, 6)) {
        t.append(h("tr", { "data-hospital": x.name }, h("td", { title: x.name }, x.name), h("td", { class: "timer" }, formatElapsed(x.eta_s * 1000)), h("td", { title: x.reason }, x.reason)));
      }
      const ex = h("ul", { class: "muted excluded" });
      for (const x of this.destinations.excluded) ex.append(h("li", { "data-hospital": x.name }, `${x.name}: ${x.reason}`));
      this.body.append(h("h3", {}, `Destinations${this.destinations.need ? " · " + this.destinations.need : ""}`), t, ex);
    }
    const timeline = h("ol", { class: "muted timeline" });
    for (const e of this.store.log) {
      if (e.incident !== d.id && e.into !== d.id && e.from !== d.id) continue;
      timeline.append(h("li", {}, `${e.time.slice(11, 19)} ${e.kind}${e.state ? " " + String(e.state) : ""} · ${e.actor}`));
    }
    this.body.append(h("h3", {}, "Timeline"), timeline);
  }

  private async recommend(): Promise<void> {
    if (this.id === null || !this.detail) return;
    try {
      this.detail.recommendation = await post<Recommendation>(`/api/v1/incidents/${this.id}/recommendation`);
      this.render();
    } catch (e) {
      setText(this.error, (e as Error).message);
    }
  }

  private async dispatch(button: HTMLButtonElement): Promise<void> {
    if (this.id === null) return;
    await this.act(`/api/v1/incidents/${this.id}/dispatch`, button);
  }

  private async act(path: string, button: HTMLButtonElement): Promise<void> {
    if (!this.detail) return;
    button.disabled = true;
    setText(this.error, "");
    try {
      await post(path, { version: this.detail.version });
    } catch (e) {
      setText(this.error, e instanceof ApiError && e.status === 409 ? `${e.message}` : (e as Error).message);
    } finally {
      button.disabled = false;
      await this.reload();
    }
  }
}
