// Call entry: where (address, intersection or landmark search with suggestions, or a click on
// the map), then the chief complaint and the protocol's questions one at a time, then the
// priority and the pre-arrival instructions for the call-taker to read out.

import { ApiError, get, post } from "./api";
import { clear, fieldError, h, setText } from "./dom";
import type { Incident } from "./state";

interface GeoMatch {
  kind: string;
  label: string;
  lat: number;
  lon: number;
  detail: string;
}

interface Question {
  id: string;
  text: string;
  type: "yes_no" | "choice" | "number";
  options?: string[];
  min?: number;
  max?: number;
  unit?: string;
}

interface TriageOutcome {
  determined: boolean;
  next?: Question;
  determinant?: {
    code: string;
    description: string;
    priority: number;
    level: string;
    units: number;
    lights_and_sirens: boolean;
    instructions: { id: string; title: string; steps: string[] }[];
  };
  incident: Incident;
}

export interface CallHooks {
  place(lat: number, lon: number, label: string): void;
  clearPlace(): void;
  cleared(): void; // the form was cleared for the next call
  opened(incidentId: number): void; // the call is triaged: show its recommendation
}

export class CallEntry {
  readonly root = h("div", { class: "call-entry" });
  private where: { lat: number; lon: number; label: string } | null = null;
  private incident: Incident | null = null;
  private complaint = "";
  private answers: Record<string, string> = {};
  private address = h("input", {
    id: "address",
    placeholder: "Address, intersection (A & B) or landmark",
    autocomplete: "off",
    "aria-label": "Address",
  });
  private addressError = h("div", { class: "field-error", id: "address-error" });
  private suggestions = h("div", { class: "suggest hidden", role: "listbox" });
  private placed = h("div", { class: "muted", id: "placed" }, "No location yet");
  private complaintSelect = h("select", { id: "complaint", "aria-label": "Chief complaint" });
  private complaintError = h("div", { class: "field-error" });
  private createButton = h("button", { class: "primary", id: "create-call" }, "Create call");
  private triageBox = h("div", { id: "triage" });
  private error = h("div", { class: "error-box", role: "alert" });
  private searchTimer: number | undefined;
  private searchSeq = 0;

  constructor(private readonly hooks: CallHooks) {
    this.address.addEventListener("input", () => this.search());
    this.address.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        const first = this.suggestions.querySelector("button");
        if (first) (first as HTMLButtonElement).click();
        else void this.search(true);
      }
    });
    this.createButton.addEventListener("click", () => void this.create());
    this.root.append(
      h("h2", {}, "New call"),
      h("label", { for: "address" }, "Location"),
      this.address,
      this.addressError,
      this.suggestions,
      this.placed,
      h("label", { for: "complaint" }, "Chief complaint"),
      this.complaintSelect,
      this.complaintError,
      h("div", {}, this.createButton, " ", h("button", { onclick: () => this.reset() }, "Clear")),
      this.error,
      this.triageBox,
    );
  }

  async loadComplaints(): Promise<void> {
    const r = await get<{ complaints: { id: string; name: string }[] }>("/api/v1/complaints");
    clear(this.complaintSelect);
    this.complaintSelect.append(h("option", { value: "" }, "Choose the chief complaint"));
    for (const c of r.complaints) this.complaintSelect.append(h("option", { value: c.id }, c.name));
  }

  // A click on the map places the call there.
  placeAt(lat: number, lon: number): void {
    const label = `Map point ${lat.toFixed(5)}, ${lon.toFixed(5)}`;
    this.address.value = label;
    this.suggestions.classList.add("hidden");
    this.setWhere({ lat, lon, label });
  }

  private setWhere(w: { lat: number; lon: number; label: string }): void {
    this.where = w;
    fieldError(this.address, this.addressError, "");
    setText(this.placed, `Placed: ${w.label}`);
    this.hooks.place(w.lat, w.lon, w.label);
  }

  private search(now = false): void {
    window.clearTimeout(this.searchTimer);
    const q = this.address.value.trim();
    if (q.length < 2) {
      this.suggestions.classList.add("hidden");
      return;
    }
    const run = async () => {
      const seq = ++this.searchSeq;
      try {
        const r = await get<{ matches: GeoMatch[] }>(`/api/v1/geocode?q=${encodeURIComponent(q)}&limit=8`);
        if (seq !== this.searchSeq) return; // a newer search is on its way
        this.showSuggestions(r.matches, q);
      } catch (e) {
        fieldError(this.address, this.addressError, (e as Error).message);
      }
    };
    if (now) void run();
    else this.searchTimer = window.setTimeout(run, 150);
  }

  private showSuggestions(matches: GeoMatch[], q: string): void {
    clear(this.suggestions);
    if (!matches.length) {
      this.suggestions.classList.add("hidden");
      fieldError(this.address, this.addressError, `No street, address or landmark matches "${q}"`);
      return;
    }
    fieldError(this.address, this.addressError, "");
    for (const m of matches) {
      const b = h(
        "button",
        { type: "button", role: "option", "data-kind": m.kind },
        m.label,
        h("small", {}, `${m.kind}${m.detail ? " · " + m.detail : ""}`),
      );
      b.addEventListener("click", () => {
        this.address.value = m.label;
        this.suggestions.classList.add("hidden");
        this.setWhere({ lat: m.lat, lon: m.lon, label: m.label });
      });
      this.suggestions.append(b);
    }
    this.suggestions.classList.remove("hidden");
  }

  private async create(): Promise<void> {
    setText(this.error, "");
    let ok = true;
    if (!this.where) {
      fieldError(this.address, this.addressError, "Choose a suggestion or click the map to place the call");
      ok = false;
    }
    if (!this.complaintSelect.value) {
      fieldError(this.complaintSelect, this.complaintError, "Choose the chief complaint");
      ok = false;
    } else {
      fieldError(this.complaintSelect, this.complaintError, "");
    }
    if (!ok || !this.where) return;
    this.createButton.disabled = true;
    try {
      this.incident = await post<Incident>("/api/v1/calls", {
        lat: this.where.lat,
        lon: this.where.lon,
        address: this.where.label,
      });
      this.complaint = this.complaintSelect.value;
      this.answers = {};
      await this.triage();
    } catch (e) {
      setText(this.error, (e as Error).message);
      this.createButton.disabled = false;
    }
  }

  private async triage(force = false): Promise<void> {
    if (!this.incident) return;
    try {
      const t = await post<TriageOutcome>(`/api/v1/incidents/${this.incident.id}/triage`, {
        version: this.incident.version,
        complaint: this.complaint,
        answers: this.answers,
        force,
      });
      this.incident = t.incident;
      this.render(t);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current) {
        this.incident = e.current as Incident; // someone else changed it: answer again on the current one
        setText(this.error, `${e.message}. Answer again.`);
      } else {
        setText(this.error, (e as Error).message);
      }
    }
  }

  private render(t: TriageOutcome): void {
    clear(this.triageBox);
    const id = this.incident?.id;
    this.triageBox.append(h("div", { class: "muted" }, `Incident #${id}`));
    if (t.next) {
      this.triageBox.append(
        this.question(t.next),
        h(
          "button",
          { type: "button", title: "The caller cannot answer: decide on what is known (worst case)", onclick: () => void this.triage(true) },
          "Caller does not know: decide now",
        ),
      );
      return;
    }
    const d = t.determinant;
    if (!d) return;
    const steps = h("ol", { class: "instructions" });
    for (const i of d.instructions) {
      steps.append(h("li", {}, h("strong", {}, i.title)));
      for (const s of i.steps) steps.append(h("li", {}, s));
    }
    this.triageBox.append(
      h(
        "div",
        { class: "outcome", id: "triage-outcome" },
        h("div", { class: "prio" }, h("span", { class: `badge p${d.priority}` }, `P${d.priority}`), ` ${d.code}`),
        h("div", {}, d.description),
        h("div", { class: "muted" }, `${d.level} · ${d.units} unit(s) · ${d.lights_and_sirens ? "lights and sirens" : "no lights"}`),
        h("h3", {}, "Read to the caller"),
        steps,
      ),
    );
    if (id) this.hooks.opened(id);
  }

  private question(q: Question): HTMLElement {
    const box = h("div", { class: "question", "data-question": q.id }, h("div", {}, q.text));
    const answers = h("div", { class: "answers" });
    const answer = (v: string) => {
      this.answers[q.id] = v;
      void this.triage();
    };
    if (q.type === "yes_no") {
      answers.append(
        h("button", { type: "button", onclick: () => answer("yes") }, "Yes"),
        h("button", { type: "button", onclick: () => answer("no") }, "No"),
      );
    } else if (q.type === "choice") {
      for (const o of q.options ?? []) answers.append(h("button", { type: "button", onclick: () => answer(o) }, o));
    } else {
      const input = h("input", { type: "text", inputmode: "numeric", "aria-label": q.text, style: "width: 120px" });
      const err = h("div", { class: "field-error" });
      const submit = () => {
        const v = input.value.trim();
        const n = Number(v);
        if (!v || !Number.isFinite(n)) return fieldError(input, err, "Enter a number");
        if (q.min !== undefined && n < q.min) return fieldError(input, err, `At least ${q.min} ${q.unit ?? ""}`.trim());
        if (q.max !== undefined && n > q.max) return fieldError(input, err, `At most ${q.max} ${q.unit ?? ""}`.trim());
        fieldError(input, err, "");
        answer(v);
      };
      input.addEventListener("keydown", (e) => e.key === "Enter" && submit());
      answers.append(input, h("span", { class: "muted" }, q.unit ?? ""), h("button", { type: "button", onclick: submit }, "Answer"));
      box.append(answers, err);
      return box;
    }
    box.append(answers);
    return box;
  }

  reset(): void {
    this.where = null;
    this.incident = null;
    this.answers = {};
    this.address.value = "";
    this.complaintSelect.value = "";
    this.createButton.disabled = false;
    fieldError(this.address, this.addressError, "");
    fieldError(this.complaintSelect, this.complaintError, "");
    setText(this.placed, "No location yet");
    setText(this.error, "");
    clear(this.triageBox);
    this.suggestions.classList.add("hidden");
    this.hooks.clearPlace();
    this.hooks.cleared();
  }
}
