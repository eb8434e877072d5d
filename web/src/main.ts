// Beacon's dispatcher console: login, then the floor's panels, all live from the feed.

import "./style.css";
import { ApiError, get, post, setSession, whenUnauthorized, type Session } from "./api";
import { CoveragePanel, HospitalBoard, IncidentList, QueueAndAlerts, UnitBoard } from "./boards";
import { CallEntry } from "./call";
import { clear, fieldError, h, setText } from "./dom";
import { Feed, type FeedState } from "./feed";
import { IncidentView } from "./incident";
import { CadMap } from "./map";
import { MciPanel, TriageForm } from "./mci";
import { Store } from "./state";
import { serverClock } from "./status";

interface ConsoleConfig {
  tile_url?: string;
}

// What the browser tests read: the applied events, the feed and the frame times.
interface ConsoleProbe {
  store: Store;
  feed: Feed;
  frames: number[];
}
declare global {
  interface Window {
    beacon?: ConsoleProbe;
  }
}

const app = document.getElementById("app") as HTMLElement;

function tabs(names: string[], bodies: HTMLElement[], id: string): { root: HTMLElement; show(i: number): void; label(i: number, text: string): void } {
  const bar = h("div", { class: "tabs", role: "tablist", id });
  const buttons = names.map((n, i) => {
    const b = h("button", { role: "tab", "aria-selected": i === 0 ? "true" : "false", "data-tab": n.toLowerCase() }, n);
    b.addEventListener("click", () => show(i));
    bar.append(b);
    return b;
  });
  const wrap = bodies.map((b, i) => h("div", { class: i === 0 ? "tab-body" : "tab-body hidden" }, b));
  function show(i: number) {
    buttons.forEach((b, k) => b.setAttribute("aria-selected", k === i ? "true" : "false"));
    wrap.forEach((w, k) => w.classList.toggle("hidden", k !== i));
  }
  return {
    root: h("div", { style: "display:flex;flex-direction:column;min-height:0;flex:1" }, bar, ...wrap),
    show,
    label: (i, text) => setText(buttons[i], text),
  };
}

function login(): void {
  clear(app);
  const user = h("input", { id: "user", autocomplete: "username", "aria-label": "User" });
  const userError = h("div", { class: "field-error" });
  const password = h("input", { id: "password", type: "password", autocomplete: "current-password", "aria-label": "Password" });
  const passwordError = h("div", { class: "field-error" });
  const error = h("div", { class: "error-box", role: "alert", id: "login-error" });
  const submit = h("button", { class: "primary", type: "submit", id: "login" }, "Log in");
  const form = h(
    "form",
    {},
    h("h1", {}, "Beacon"),
    h("label", { for: "user" }, "User"),
    user,
    userError,
    h("label", { for: "password" }, "Password"),
    password,
    passwordError,
    submit,
    error,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    setText(error, "");
    fieldError(user, userError, user.value.trim() ? "" : "Enter your user name");
    fieldError(password, passwordError, password.value ? "" : "Enter your password");
    if (!user.value.trim() || !password.value) return;
    submit.disabled = true;
    try {
      const r = await post<{ token: string; user: string; role: string }>("/api/v1/login", { user: user.value.trim(), password: password.value });
      const s: Session = { token: r.token, user: r.user, role: r.role };
      sessionStorage.setItem("beacon.session", JSON.stringify(s));
      await start(s);
    } catch (err) {
      setText(error, err instanceof ApiError && err.status === 401 ? "User or password is wrong" : (err as Error).message);
      submit.disabled = false;
    }
  });
  app.append(h("div", { class: "login" }, form));
  user.focus();
}

async function start(session: Session): Promise<void> {
  setSession(session);
  whenUnauthorized(() => {
    sessionStorage.removeItem("beacon.session");
    location.reload();
  });
  if (location.hash === "#scene") return startScene(session);
  const config = await get<ConsoleConfig>("/config.json").catch(() => ({}) as ConsoleConfig);
  clear(app);
  const store = new Store();
  const feedState = h("span", { class: "feed-state", id: "feed-state" }, "connecting");
  const clock = h("span", { class: "timer", id: "clock" });
  const logout = h("button", { id: "logout" }, "Log out");
  const mapEl = h("div", { id: "map" });

  const incidentView = new IncidentView(store, "incident-detail");
  // The call being taken shows its recommendation under the triage outcome.
  const callIncident = new IncidentView(store, "call-incident", "");
  const board = new UnitBoard(store);
  const hospitals = new HospitalBoard(store, session.role);
  const incidents = new IncidentList(store);
  const queue = new QueueAndAlerts(store);
  const coverage = new CoveragePanel(store, session.role === "dispatcher" || session.role === "supervisor");
  let map: CadMap | null = null;
  const call = new CallEntry({
    place: (lat, lon, label) => map?.place(lat, lon, label),
    clearPlace: () => map?.clearPlaced(),
    opened: (id) => {
      void callIncident.show(id);
    },
    cleared: () => callIncident.hide(),
  });
  call.root.append(callIncident.root);
  const mci = new MciPanel(session.role);
  const left = tabs(["Call", "Incident", "Incidents", "Queue", "Alerts", "MCI"], [call.root, incidentView.root, incidents.root, queue.queue, queue.alerts, mci.root], "left-tabs");
  const right = tabs(["Units", "Hospitals", "Coverage"], [board.root, hospitals.root, coverage.root], "right-tabs");
  const selectIncident = (id: number) => {
    left.show(1);
    void incidentView.show(id);
  };
  incidents.onSelect = selectIncident;
  queue.onSelect = selectIncident;
  board.onSelectIncident = selectIncident;

  app.append(
    h(
      "div",
      { class: "shell" },
      h("div", { class: "topbar" }, h("span", { class: "brand" }, "BEACON"), h("span", {}, `${session.user} · ${session.role}`), h("span", { class: "spacer" }), feedState, clock, logout),
      h("div", { class: "grid" }, h("div", { class: "panel" }, left.root), h("div", {}, mapEl), h("div", { class: "panel right" }, right.root)),
    ),
  );
  map = new CadMap(mapEl, store, config.tile_url ?? null);
  map.onClick = (lat, lon) => {
    left.show(0);
    call.placeAt(lat, lon);
  };
  map.onSelectIncident = selectIncident;
  board.onShowUnit = (u) => void map?.showRoute(u);
  mci.onSites = (sites) => map?.renderMciSites(sites);

  // Draw at most once a frame whatever arrives; remember how long each frame's work took.
  const frames: number[] = [];
  const dirty = new Set<string>();
  let scheduled = false;
  const draw = () => {
    scheduled = false;
    const t0 = performance.now();
    if (dirty.has("units") || dirty.has("positions")) map?.renderUnits();
    if (dirty.has("units")) board.render();
    if (dirty.has("incidents")) {
      map?.renderIncidents();
      incidents.render();
      void incidentView.reload();
      void callIncident.reload();
    }
    if (dirty.has("hospitals") || dirty.has("units")) hospitals.render();
    if (dirty.has("hospitals")) {
      void incidentView.reload();
      void callIncident.reload();
    }
    if (dirty.has("coverage")) {
      coverage.render();
      map?.renderGaps();
      right.label(2, `Coverage (${store.coverage.move_up_suggestions?.length ?? 0})`);
    }
    if (dirty.has("alerts") || dirty.has("waiting")) {
      queue.render();
      board.tick();
      left.label(4, `Alerts (${store.alerts.length})`);
      left.label(3, `Queue (${store.waiting.length})`);
    }
    dirty.clear();
    frames.push(performance.now() - t0);
    if (frames.length > 20000) frames.splice(0, 10000);
  };
  store.subscribe((kinds) => {
    for (const k of kinds) dirty.add(k);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(draw);
    }
  });

  const after = await store.loadAll();
  const feed = new Feed(session.token, after, {
    events: (e) => {
      store.applyEvents(e);
      if (e.some(isMciEvent)) void mci.reload();
      if (feedState.classList.contains("live")) setText(feedState, `live · event ${e[e.length - 1].seq}`);
    },
    positions: (p) => store.applyPositions(p),
    state: (s: FeedState, detail: string) => {
      feedState.className = `feed-state ${s}`;
      setText(feedState, `${s.replace("-", " ")}${detail ? " · " + detail : ""}`);
    },
  });
  feed.start();
  window.beacon = { store, feed, frames };
  logout.addEventListener("click", async () => {
    feed.stop();
    await post("/api/v1/logout").catch(() => undefined);
    sessionStorage.removeItem("beacon.session");
    setSession(null);
    login();
  });

  await Promise.all([call.loadComplaints(), map.loadStreets(), mci.reload()]);
  // Timers tick every second; alerts (time-driven on the server) are read every 5 s.
  let ticks = 0;
  window.setInterval(() => {
    setText(clock, new Date(serverClock.now()).toISOString().slice(11, 19) + "Z");
    board.tick();
    hospitals.render();
    if (++ticks % 5 === 0) {
      void store.refresh("alerts");
      void store.refresh("waiting");
      incidents.render();
    }
  }, 1000);
}

function isMciEvent(e: { kind: string }): boolean {
  return e.kind.startsWith("Mci") || e.kind.startsWith("Patient");
}

// The scene's tablet view (#scene): the triage form alone, live from the feed.
async function startScene(session: Session): Promise<void> {
  clear(app);
  document.documentElement.classList.add("scene-view");
  const form = new TriageForm();
  const feedState = h("span", { class: "feed-state", id: "feed-state" }, "connecting");
  app.append(h("div", { class: "scene-shell" }, h("div", { class: "topbar" }, h("span", { class: "brand" }, "BEACON · scene"), h("span", {}, `${session.user} · ${session.role}`), h("span", { class: "spacer" }), feedState), form.root));
  const ready = await get<{ last_seq: number }>("/readyz");
  const feed = new Feed(session.token, ready.last_seq, {
    events: (e) => {
      if (e.some(isMciEvent)) void form.reload();
    },
    positions: () => undefined,
    state: (s: FeedState, detail: string) => {
      feedState.className = `feed-state ${s}`;
      setText(feedState, `${s.replace("-", " ")}${detail ? " · " + detail : ""}`);
    },
  });
  feed.start();
  await form.reload();
}

const saved = sessionStorage.getItem("beacon.session");
if (saved) {
  start(JSON.parse(saved) as Session).catch(() => {
    sessionStorage.removeItem("beacon.session");
    login();
  });
} else {
  login();
}
