// Mass-casualty incidents in the console (docs/design/mci.md): the MCI board for the dispatch
// floor (counts by category at a glance, patients by tag with filters, hospitals' declared
// capacity against the plan and what arrived, the transport queue, the collection points) and
// the triage form for the scene, built for a tablet (large targets, one column at 768 px).
// Everything is read from /api/v1/mcis and read again when an MCI event arrives on the feed.

import { ApiError, get, post } from "./api";
import { clear, h, setText } from "./dom";

interface Counts {
  total: number;
  by_category: Record<string, number>;
  at_scene: Record<string, number>;
  by_state: Record<string, number>;
}
interface Patient {
  tag: string;
  category: string;
  color: string;
  escene_08: string;
  algorithm: string | null;
  site: string;
  needs: string[];
  state: string;
  unit: string | null;
  hospital: string | null;
  treatments: string[];
  version: number;
}
interface HospitalLoad {
  id: number;
  code: string;
  name: string;
  declared: Record<string, number> | null;
  inbound: Record<string, number>;
  arrived: Record<string, number>;
}
interface Site {
  name: string;
  kind: string;
  location: { lat: number; lon: number };
}
export interface MciBoard {
  id: number;
  incident: number;
  name: string;
  level: number;
  closed: boolean;
  version: number;
  counts: Counts;
  sites?: Site[];
  patients?: Patient[];
  hospitals?: HospitalLoad[];
}
interface Trip {
  unit: string;
  run: number;
  hospital: string;
  patients: string[];
  depart_min: number;
  arrive_min: number;
}
interface Plan {
  version: number;
  trips: Trip[];
  hospitals: { hospital: string; declared: number[]; planned: number[] }[];
  figures: { last_red_arrival_min: number | null; overflow: number; unplaced: number; needs_unmet: number };
}

const COLORS = ["Red", "Yellow", "Green", "Gray", "Black"];

function message(e: unknown): string {
  return e instanceof ApiError || e instanceof Error ? e.message : String(e);
}

// Which MCI the panel shows: the open one chosen, else the latest open one.
async function pick(current: number | null): Promise<MciBoard | null> {
  const list = (await get<{ mcis: MciBoard[] }>("/api/v1/mcis")).mcis;
  const open = list.filter((m) => !m.closed);
  const id = current !== null && list.some((m) => m.id === current) ? current : open.length ? open[open.length - 1].id : null;
  return id === null ? null : get<MciBoard>(`/api/v1/mcis/${id}`);
}

function countTiles(counts: Counts): HTMLElement {
  return h(
    "div",
    { class: "mci-counts", id: "mci-counts" },
    ...COLORS.map((c) =>
      h(
        "div",
        { class: `mci-count cat-${c.toLowerCase()}`, "data-category": c },
        h("span", { class: "n" }, counts.by_category[c] ?? 0),
        h("span", { class: "label" }, c),
        h("span", { class: "sub" }, `${counts.at_scene[c] ?? 0} at scene`),
      ),
    ),
  );
}

// The floor's MCI board.
export class MciPanel {
  readonly root = h("div", { id: "mci-board", class: "mci" });
  private readonly error = h("div", { class: "error-box", role: "alert" });
  private readonly body = h("div");
  private board: MciBoard | null = null;
  private plan: Plan | null = null;
  private filter = "";
  private loading = false;
  private again = false;

  // Told the open MCI's sites after every read (the map draws the collection points).
  onSites: (sites: Site[]) => void = () => {};

  constructor(private readonly role: string) {
    this.root.append(this.error, this.body);
  }

  // Read the board again (coalesced: one request in flight, at most one more after it).
  async reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    try {
      this.board = await pick(this.board?.id ?? null);
      setText(this.error, "");
      this.onSites(this.board && !this.board.closed ? (this.board.sites ?? []) : []);
      this.render();
    } catch (e) {
      setText(this.error, message(e));
    } finally {
      this.loading = false;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    }
  }

  private render(): void {
    clear(this.body);
    const canDeclare = this.role === "supervisor";
    const canPlan = this.role === "dispatcher" || this.role === "supervisor";
    if (!this.board) {
      this.body.append(h("p", { class: "dim" }, "No MCI is open."));
      if (canDeclare) this.body.append(this.declareForm());
      return;
    }
    const m = this.board;
    this.body.append(
      h("h3", { id: "mci-title" }, `MCI ${m.id}: ${m.name} · level ${m.level} · incident ${m.incident}${m.closed ? " · closed" : ""}`),
      countTiles(m.counts),
      h("div", { class: "dim", id: "mci-states" }, Object.entries(m.counts.by_state).map(([k, v]) => `${k.replace("_", " ")} ${v}`).join(" · ")),
    );
    // Hospitals: declared capacity, the plan's share, inbound and arrived.
    const planned = new Map<string, number[]>();
    for (const x of this.plan?.hospitals ?? []) planned.set(x.hospital, x.planned);
    const sum = (r: Record<string, number> | null) => (r ? COLORS.slice(0, 4).reduce((a, c) => a + (r[c] ?? 0), 0) : 0);
    const hospitals = h("table", { id: "mci-hospitals" }, h("tr", {}, h("th", {}, "Hospital"), h("th", {}, "Declared R/Y/G/Gr"), h("th", { title: "The plan's red/yellow/green/gray, or the patients assigned to it" }, "Planned"), h("th", {}, "Inbound"), h("th", {}, "Arrived")));
    for (const x of m.hospitals ?? []) {
      const d = x.declared;
      const p = planned.get(x.code) ?? planned.get(x.name);
      // Without a plan on screen: the patients assigned to the hospital and not yet gone.
      const assigned = (m.patients ?? []).filter((q) => q.state === "assigned" && q.hospital === x.code).length;
      hospitals.append(
        h(
          "tr",
          { "data-hospital": x.code },
          h("td", {}, x.code || x.name),
          h("td", {}, d ? `${d.Red}/${d.Yellow}/${d.Green}/${d.Gray}` : "none declared"),
          h("td", { class: "planned" }, p ? `${p[0]}/${p[1]}/${p[2]}/${p[3]}` : assigned ? `${assigned} assigned` : "-"),
          h("td", { class: "inbound" }, sum(x.inbound)),
          h("td", { class: "arrived" }, sum(x.arrived)),
        ),
      );
    }
    // The plan.
    const planBox = h("div", { id: "mci-plan" });
    if (canPlan && !m.closed) {
      const make = h("button", { id: "mci-make-plan" }, "Plan distribution");
      make.addEventListener("click", async () => {
        make.disabled = true;
        try {
          this.plan = await post<Plan>(`/api/v1/mcis/${m.id}/plan`, { policy: "planned" });
          setText(this.error, "");
          this.render();
        } catch (e) {
          setText(this.error, message(e));
          make.disabled = false;
        }
      });
      planBox.append(make);
    }
    if (this.plan) {
      const f = this.plan.figures;
      planBox.append(
        h("div", { id: "mci-plan-figures" }, `Last red at hospital +${f.last_red_arrival_min ?? "-"} min · over capacity ${f.overflow} · unplaced ${f.unplaced} · needs unmet ${f.needs_unmet}`),
      );
      const trips = h("table", { id: "mci-trips" }, h("tr", {}, h("th", {}, "Unit"), h("th", {}, "Run"), h("th", {}, "Patients"), h("th", {}, "Hospital"), h("th", {}, "Arrives")));
      for (const t of this.plan.trips) {
        trips.append(h("tr", { "data-unit": t.unit }, h("td", {}, t.unit), h("td", {}, t.run), h("td", {}, t.patients.join(", ")), h("td", {}, t.hospital), h("td", {}, `+${t.arrive_min} min`)));
      }
      planBox.append(trips);
      if (canPlan) {
        const accept = h("button", { class: "primary", id: "mci-accept-plan" }, "Accept plan");
        const version = this.plan.version;
        accept.addEventListener("click", async () => {
          accept.disabled = true;
          try {
            await post(`/api/v1/mcis/${m.id}/plan/accept`, { version, policy: "planned" });
            this.plan = null;
            await this.reload();
          } catch (e) {
            setText(this.error, e instanceof ApiError && e.status === 409 ? "The MCI changed since this plan: plan again" : message(e));
            accept.disabled = false;
          }
        });
        planBox.append(accept);
      }
    }
    // The transport queue: patients planned onto an ambulance, not yet gone.
    const queue = (m.patients ?? []).filter((p) => p.state === "assigned");
    const transport = h("ol", { id: "mci-transport-queue" }, ...queue.map((p) => h("li", { "data-tag": p.tag }, `${p.tag} (${p.color}) → ${p.unit} → ${p.hospital}`)));
    // Patients by tag, filtered by category.
    const filter = h("select", { id: "mci-filter", "aria-label": "Show patients" }, h("option", { value: "" }, "All patients"), ...COLORS.map((c) => h("option", { value: c }, c)));
    filter.value = this.filter;
    filter.addEventListener("change", () => {
      this.filter = filter.value;
      this.render();
    });
    const patients = h("table", { id: "mci-patients" }, h("tr", {}, h("th", {}, "Tag"), h("th", {}, "Category"), h("th", {}, "Site"), h("th", {}, "State"), h("th", {}, "Unit → hospital")));
    for (const p of (m.patients ?? []).filter((x) => !this.filter || x.color === this.filter)) {
      patients.append(
        h(
          "tr",
          { "data-tag": p.tag },
          h("td", {}, p.tag),
          h("td", { class: `cat-${p.color.toLowerCase()}` }, `${p.color} ${p.category}${p.algorithm ? ` (${p.algorithm.toUpperCase()})` : ""}`),
          h("td", {}, p.site || "-"),
          h("td", { class: "state" }, p.state.replace("_", " ")),
          h("td", {}, p.unit ? `${p.unit} → ${p.hospital ?? "-"}` : "-"),
        ),
      );
    }
    const sites = h("ul", { id: "mci-sites" }, ...(m.sites ?? []).map((s) => h("li", { "data-site": s.name }, `${s.name} (${s.kind.replace("_", " ")}) ${s.location.lat.toFixed(4)}, ${s.location.lon.toFixed(4)}`)));
    this.body.append(h("h4", {}, "Hospitals"), hospitals, h("h4", {}, "Distribution"), planBox, h("h4", {}, `Transport queue (${queue.length})`), transport, h("h4", {}, "Patients"), filter, patients, h("h4", {}, "Collection points"), sites);
  }

  private declareForm(): HTMLElement {
    const incident = h("input", { id: "mci-incident", inputmode: "numeric", "aria-label": "Incident" });
    const name = h("input", { id: "mci-name", "aria-label": "MCI name" });
    const level = h("select", { id: "mci-level", "aria-label": "Level" }, ...[1, 2, 3, 4, 5].map((l) => h("option", { value: l }, `Level ${l}`)));
    const go = h("button", { class: "primary", id: "mci-declare", type: "submit" }, "Declare MCI");
    const form = h("form", { class: "mci-declare" }, h("label", {}, "Incident"), incident, h("label", {}, "Name"), name, h("label", {}, "Level"), level, go);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        this.board = await post<MciBoard>("/api/v1/mcis", { incident: Number(incident.value), name: name.value.trim(), level: Number(level.value) });
        setText(this.error, "");
        this.render();
      } catch (err) {
        setText(this.error, message(err));
      }
    });
    return form;
  }
}

// The findings the form asks, by algorithm (docs/formats/mci-findings.md).
const YES_NO: Record<string, string[]> = {
  start: ["walks", "breathing", "breathing_after_airway", "radial_pulse", "follows_commands"],
  jumpstart: ["walks", "breathing", "breathing_after_airway", "breathing_after_rescue_breaths", "peripheral_pulse"],
  salt: ["walks", "waves", "breathing", "breathing_after_airway", "follows_commands", "peripheral_pulse", "respiratory_distress", "hemorrhage_controlled", "minor_injuries_only", "likely_to_survive"],
};

// The scene's triage form: a tablet in a medic's hands.
export class TriageForm {
  readonly root = h("div", { class: "scene", id: "triage-form" });
  private readonly error = h("div", { class: "error-box", role: "alert", id: "triage-error" });
  private readonly result = h("div", { id: "triage-result", role: "status" });
  private readonly title = h("h2", { id: "scene-mci" }, "No MCI is open");
  private readonly fields = h("div", { class: "findings" });
  private readonly findings = new Map<string, boolean>();
  private algorithm = "start";
  private mci: MciBoard | null = null;
  private readonly tag = h("input", { id: "triage-tag", "aria-label": "Tag number", autocomplete: "off" });
  private readonly rate = h("input", { id: "triage-rate", inputmode: "numeric", "aria-label": "Respiratory rate" });
  private readonly avpu = h("select", { id: "triage-avpu", "aria-label": "AVPU" }, h("option", { value: "" }, "AVPU"), ...["A", "V", "P", "U"].map((x) => h("option", { value: x }, x)));
  private readonly site = h("select", { id: "triage-site", "aria-label": "Site" });

  constructor() {
    const algorithms = h("div", { class: "choices", id: "triage-algorithm" });
    for (const a of ["start", "jumpstart", "salt"]) {
      const b = h("button", { type: "button", "data-algorithm": a, "aria-pressed": a === this.algorithm ? "true" : "false" }, a === "jumpstart" ? "JumpSTART (child)" : a.toUpperCase());
      b.addEventListener("click", () => {
        this.algorithm = a;
        for (const x of algorithms.querySelectorAll("button")) x.setAttribute("aria-pressed", x === b ? "true" : "false");
        this.findings.clear();
        this.drawFindings();
      });
      algorithms.append(b);
    }
    const submit = h("button", { class: "primary big", id: "triage-submit", type: "button" }, "Tag patient");
    submit.addEventListener("click", () => void this.send(null));
    const byHand = h("div", { class: "choices", id: "triage-category" });
    for (const c of COLORS) {
      const b = h("button", { type: "button", class: `cat-${c.toLowerCase()}`, "data-category": c }, c);
      b.addEventListener("click", () => void this.send(c));
      byHand.append(b);
    }
    this.root.append(
      this.title,
      h("label", { for: "triage-tag" }, "Tag number"),
      this.tag,
      h("label", { for: "triage-site" }, "Collection point"),
      this.site,
      h("label", {}, "Algorithm"),
      algorithms,
      this.fields,
      h("label", { for: "triage-rate" }, "Respiratory rate (per minute)"),
      this.rate,
      this.avpu,
      submit,
      h("label", {}, "Or tag by category"),
      byHand,
      this.error,
      this.result,
    );
    this.drawFindings();
  }

  async reload(): Promise<void> {
    try {
      this.mci = await pick(this.mci?.id ?? null);
      setText(this.title, this.mci ? `MCI ${this.mci.id}: ${this.mci.name} · ${this.mci.counts.total} tagged` : "No MCI is open");
      const chosen = this.site.value;
      clear(this.site);
      this.site.append(h("option", { value: "" }, "At the incident"), ...(this.mci?.sites ?? []).filter((s) => s.kind === "casualty_collection").map((s) => h("option", { value: s.name }, s.name)));
      this.site.value = chosen;
    } catch (e) {
      setText(this.error, message(e));
    }
  }

  private drawFindings(): void {
    clear(this.fields);
    for (const f of YES_NO[this.algorithm]) {
      const row = h("div", { class: "finding", "data-finding": f }, h("span", {}, f.replace(/_/g, " ")));
      for (const v of [true, false]) {
        const b = h("button", { type: "button", "data-value": String(v), "aria-pressed": "false" }, v ? "Yes" : "No");
        b.addEventListener("click", () => {
          const was = this.findings.get(f);
          if (was === v) this.findings.delete(f);
          else this.findings.set(f, v);
          for (const x of row.querySelectorAll("button")) x.setAttribute("aria-pressed", this.findings.get(f) === (x.getAttribute("data-value") === "true") ? "true" : "false");
        });
        row.append(b);
      }
      this.fields.append(row);
    }
  }

  private async send(category: string | null): Promise<void> {
    setText(this.error, "");
    setText(this.result, "");
    if (!this.mci) {
      setText(this.error, "No MCI is open: a supervisor declares it first");
      return;
    }
    const tag = this.tag.value.trim();
    this.tag.setAttribute("aria-invalid", tag ? "false" : "true");
    if (!tag) {
      setText(this.error, "Enter the tag number");
      return;
    }
    const body: Record<string, unknown> = { tag, site: this.site.value };
    if (category) {
      body.category = category;
    } else {
      const f: Record<string, unknown> = Object.fromEntries(this.findings);
      if (this.rate.value.trim()) f.respiratory_rate = Number(this.rate.value.trim());
      if (this.avpu.value) f.avpu = this.avpu.value;
      body.algorithm = this.algorithm;
      body.findings = f;
    }
    try {
      const p = await post<Patient>(`/api/v1/mcis/${this.mci.id}/patients`, body);
      this.result.className = `cat-${p.color.toLowerCase()}`;
      setText(this.result, `${p.tag}: ${p.color} (${p.category})`);
      this.tag.value = "";
      this.rate.value = "";
      this.avpu.value = "";
      this.findings.clear();
      this.drawFindings();
    } catch (e) {
      setText(this.error, message(e));
    }
  }
}
