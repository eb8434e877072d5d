// Browser tests of the dispatcher console: Debian's Chromium, driven by playwright-core, against
// a real `beacon serve` on loopback with the built console (build/web) and a Boston model with
// 100 units. Each test saves a screenshot under build/console-screenshots/ for review.
//
//   node --test web/tests/console.test.mjs   (with BEACON, BEACON_MODEL, BEACON_WEB set;
//                                             CTest's console_browser test sets them)
//
// Figures (update latency, frame time) are printed and written to build/console-figures.json.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const beacon = process.env.BEACON;
const model = process.env.BEACON_MODEL;
const web = process.env.BEACON_WEB;
const out = process.env.BEACON_SCREENSHOTS ?? "build/console-screenshots";
if (!beacon || !model || !web) throw new Error("set BEACON, BEACON_MODEL and BEACON_WEB");
mkdirSync(out, { recursive: true });

const PASSWORD = "a long console test password";
const dir = mkdtempSync(path.join(tmpdir(), "beacon-console-"));
const db = `sqlite:${path.join(dir, "cad.db")}`;
let server;
let base;
let browser;

function addUser(name, role) {
  const r = spawnSync(beacon, ["user", "add", "--db", db, "--name", name, "--role", role, "--password-stdin"], {
    input: PASSWORD + "\n",
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `user add ${name}: ${r.stderr}`);
}

async function api(method, p, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function token(user) {
  const r = await api("POST", "/api/v1/login", { user, password: PASSWORD });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

before(async () => {
  addUser("kim", "dispatcher");
  addUser("sue", "supervisor");
  addUser("crew", "crew");
  // The server's clock runs 60 times faster, so overdue timers turn in seconds.
  server = spawn(beacon, ["serve", "--model", model, "--db", db, "--listen", "127.0.0.1:0", "--web", web, "--speed", "60"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  base = await new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`beacon serve did not start: ${text}`)), 120000);
    server.stdout.on("data", (d) => {
      text += d;
      const m = text.match(/listening on (http:\/\/[^/ ]+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr.on("data", (d) => (text += d));
    server.on("exit", (code) => reject(new Error(`beacon serve exited with ${code}: ${text}`)));
  });
  // Playwright gives the browser a fresh temporary profile of its own (--user-data-dir).
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGINT");
  await new Promise((r) => (server ? server.on("exit", r) : r()));
  rmSync(dir, { recursive: true, force: true });
});

async function loggedIn(user) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The console works on an isolated network: every request goes to Beacon itself.
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("blob:")) errors.push(`request outside Beacon: ${url}`);
  });
  await page.goto(base + "/");
  await page.fill("#user", user);
  await page.fill("#password", PASSWORD);
  await page.click("#login");
  await page.waitForSelector("#feed-state.live", { timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll("#unit-board tr[data-unit]").length > 0);
  return { page, context, errors };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(out, `${name}.png`) });
}

test("login refuses a wrong password inline and needs both fields", async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(base + "/");
  await page.click("#login");
  assert.match(await page.textContent(".login"), /Enter your user name/);
  await page.fill("#user", "kim");
  await page.fill("#password", "wrong");
  await page.click("#login");
  await page.waitForSelector("#login-error:has-text('wrong')");
  await shot(page, "login-error");
  await context.close();
});

test("a call by address: questions, priority, recommendation, dispatch; the unit moves on board and map", async () => {
  const { page, context, errors } = await loggedIn("kim");
  // Bad input first: no location, no complaint.
  await page.click("#create-call");
  assert.match(await page.textContent("#address-error"), /Choose a suggestion or click the map/);
  assert.match(await page.textContent(".call-entry"), /Choose the chief complaint/);
  assert.equal(await page.getAttribute("#complaint", "aria-invalid"), "true");
  // Text that matches nothing says so under the field.
  await page.fill("#address", "zzzz qqqq");
  await page.waitForSelector("#address-error:has-text('No street, address or landmark matches')");
  // A click on the map places the call; an address then replaces it.
  // (near the map's lower left corner, where no unit or incident label can take the click)
  const box = await page.locator("#map").boundingBox();
  await page.mouse.click(box.x + 40, box.y + box.height - 40);
  await page.waitForSelector("#placed:has-text('Map point')");
  // An address with a house number, from the suggestions.
  await page.fill("#address", "55 fruit st");
  await page.waitForSelector(".suggest button[data-kind='address']");
  await page.click(".suggest button[data-kind='address']");
  assert.match(await page.textContent("#placed"), /55 Fruit Street/);
  await page.selectOption("#complaint", "cardiac_arrest");
  await page.click("#create-call");
  // The protocol's questions one at a time.
  await page.waitForSelector(".question[data-question='conscious']");
  await page.click(".question[data-question='conscious'] button:has-text('No')");
  await page.waitForSelector(".question[data-question='breathing']");
  await page.click(".question[data-question='breathing'] button:has-text('gasping')");
  await page.waitForSelector("#triage-outcome");
  const outcome = await page.textContent("#triage-outcome");
  assert.match(outcome, /P1/);
  assert.match(outcome, /ARR-1A/);
  await shot(page, "call-triaged");
  // The recommendation: ranked units with ETA and reasons; one action dispatches.
  await page.waitForSelector("#call-incident .recommendation tr.rec-row");
  const dispatchText = await page.textContent("#call-incident .dispatch");
  const sent = dispatchText.replace(/^Dispatch /, "").split(" + ");
  assert.ok(sent.length >= 1 && sent[0].length > 0, dispatchText);
  await shot(page, "recommendation");
  await page.click("#call-incident .dispatch");
  await page.waitForSelector("#call-incident .dispatch:has-text('Dispatched')");
  // The units show DISPATCHED on the board and the map, from the feed.
  for (const name of sent) {
    await page.waitForSelector(`#unit-board tr[data-unit='${name}'] td.status:has-text('DISPATCHED')`);
    await page.waitForSelector(`.unit-pin[data-unit='${name}']:has-text('DSP')`);
  }
  // Sending units away opens coverage gaps; move-up suggestions can be accepted or dismissed.
  await page.click("#right-tabs button[data-tab='coverage']");
  await page.waitForSelector("#coverage :text('Expected coverage')");
  const moves = await page.locator("#coverage [data-move-up]").count();
  if (moves > 0) {
    await page.click("#coverage [data-move-up] button[data-action='dismiss']");
    await page.waitForFunction((n) => document.querySelectorAll("#coverage [data-move-up]").length < n, moves);
  }
  await shot(page, "coverage");
  await page.click("#right-tabs button[data-tab='units']");
  // A crew reports en route through the API: the console follows.
  const crew = await token("crew");
  const units = (await api("GET", "/api/v1/units", undefined, crew)).body.units;
  const u = units.find((x) => x.name === sent[0]);
  const r = await api("POST", `/api/v1/units/${u.id}/status`, { version: u.version, state: "EN_ROUTE" }, crew);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.waitForSelector(`#unit-board tr[data-unit='${sent[0]}'] td.status:has-text('EN ROUTE')`);
  await page.waitForSelector(`.unit-pin[data-unit='${sent[0]}']:has-text('ENR')`);
  // The dispatcher marks it on scene with the keyboard.
  await page.click(`#unit-board tr[data-unit='${sent[0]}']`);
  await page.keyboard.press("s");
  await page.waitForSelector(`#unit-board tr[data-unit='${sent[0]}'] td.status:has-text('ON SCENE')`);
  // The second unit's route to the call, on the map.
  if (sent.length > 1) {
    await page.click(`#unit-board tr[data-unit='${sent[1]}']`);
    await page.waitForSelector(`#map[data-route-unit='${sent[1]}']`);
  }
  await shot(page, "dispatched");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a number the protocol bounds is refused inline, then accepted", async () => {
  const { page, context } = await loggedIn("kim");
  await page.fill("#address", "tremont st & boylston st");
  await page.waitForSelector(".suggest button[data-kind='intersection']");
  await page.click(".suggest button[data-kind='intersection']");
  await page.selectOption("#complaint", "burns");
  await page.click("#create-call");
  await page.click(".question[data-question='conscious'] button:has-text('Yes')");
  await page.click(".question[data-question='airway'] button:has-text('No')");
  const q = ".question[data-question='percent']";
  await page.fill(`${q} input`, "250");
  await page.click(`${q} button:has-text('Answer')`);
  await page.waitForSelector(`${q} .field-error:has-text('At most 100 %')`);
  await page.fill(`${q} input`, "ten");
  await page.click(`${q} button:has-text('Answer')`);
  await page.waitForSelector(`${q} .field-error:has-text('Enter a number')`);
  await shot(page, "inline-number-error");
  await page.fill(`${q} input`, "10");
  await page.click(`${q} button:has-text('Answer')`);
  await page.waitForSelector(".question[data-question='age']");
  await context.close();
});

test("a Code Black takes a hospital out of the destinations", async () => {
  const { page, context } = await loggedIn("sue");
  const kim = await token("kim");
  const inc = await api("POST", "/api/v1/calls", { lat: 42.3601, lon: -71.0589, address: "City Hall Plaza" }, kim);
  assert.equal(inc.status, 201);
  await page.click("#left-tabs button[data-tab='incidents']");
  await page.click(`#incident-list tr[data-incident='${inc.body.id}']`);
  await page.waitForSelector("#incident-detail .destinations tr[data-hospital]");
  const first = await page.getAttribute("#incident-detail .destinations tr[data-hospital]", "data-hospital");
  const hospitals = (await api("GET", "/api/v1/hospitals", undefined, kim)).body.hospitals;
  const h = hospitals.find((x) => x.name === first);
  await page.click("#right-tabs button[data-tab='hospitals']");
  await page.click(`#hospital-board button[data-hospital='${h.code}']`);
  await page.waitForSelector(`#hospital-board tr[data-hospital='${h.code}'] .code-black`);
  await page.waitForSelector(`#incident-detail .excluded li[data-hospital='${first}']`);
  assert.match(await page.textContent(`#incident-detail .excluded li[data-hospital='${first}']`), /Code Black|CODE_BLACK|code black/i);
  assert.equal(await page.locator(`#incident-detail .destinations tr[data-hospital='${first}']`).count(), 0);
  await shot(page, "code-black");
  // And open again.
  await page.click(`#hospital-board button[data-hospital='${h.code}']`);
  await page.waitForSelector(`#incident-detail .destinations tr[data-hospital='${first}']`);
  await context.close();
});

test("an overdue timer turns red", async () => {
  const { page, context } = await loggedIn("kim");
  const kim = await token("kim");
  const inc = await api("POST", "/api/v1/calls", { lat: 42.3496, lon: -71.0785, address: "Copley Square" }, kim);
  assert.equal(inc.status, 201);
  // Priority 1's answer-to-dispatch limit is 60 s, RED at 90 s: 1.5 s at 60 times real time.
  await page.click("#left-tabs button[data-tab='queue']");
  await page.waitForSelector(`#queue [data-incident='${inc.body.id}'] .timer.red`, { timeout: 20000 });
  await shot(page, "overdue");
  await context.close();
});

test("a dropped feed reconnects and catches up without a missing or doubled event", async () => {
  const { page, context } = await loggedIn("kim");
  const kim = await token("kim");
  await page.evaluate(() => window.beacon.feed.drop());
  // Events happen while the console is away.
  for (let i = 0; i < 5; i++) {
    const r = await api("POST", "/api/v1/calls", { lat: 42.35 + i * 0.001, lon: -71.06, address: `Gap test ${i}` }, kim);
    assert.equal(r.status, 201);
  }
  await page.waitForFunction(() => window.beacon.feed.reconnects >= 1);
  await page.waitForSelector("#feed-state.live");
  const last = (await api("GET", "/api/v1/events?after=0&limit=10000", undefined, kim)).body.last_seq;
  await page.waitForFunction((n) => window.beacon.feed.seq >= n, last);
  const seqs = await page.evaluate(() => window.beacon.store.log.map((e) => e.seq));
  for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `event ${seqs[i - 1]} then ${seqs[i]}`);
  await shot(page, "reconnected");
  await context.close();
});

test("100 units and 50 open incidents updating every second: update latency and frame time", async () => {
  const { page, context, errors } = await loggedIn("kim");
  const kim = await token("kim");
  const crew = await token("crew");
  let units = (await api("GET", "/api/v1/units", undefined, kim)).body.units;
  assert.equal(units.length, 100);
  for (let i = 0; i < 50; i++) {
    const r = await api("POST", "/api/v1/calls", { lat: 42.30 + (i % 10) * 0.008, lon: -71.12 + Math.floor(i / 10) * 0.012, address: `Load ${i}` }, kim);
    assert.equal(r.status, 201);
  }
  await page.waitForFunction(() => document.querySelectorAll("#incident-list tr[data-incident]").length >= 50);
  // In the page: when each unit's status text changed (wall clock), and every frame interval.
  await page.evaluate(() => {
    window.beacon.frames.length = 0;
    window.probe = { changes: [], intervals: [], arrivals: [], running: true };
    // When each availability event reached the page (to split the latency in two).
    const store = window.beacon.store;
    const apply = store.applyEvents.bind(store);
    store.applyEvents = (events) => {
      const t = Date.now();
      for (const e of events) {
        if (e.kind === "UnitAvailabilityChanged") window.probe.arrivals.push({ unit: e.unit, availability: e.availability, t });
      }
      apply(events);
    };
    new MutationObserver((records) => {
      const t = Date.now();
      for (const r of records) {
        const td = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (!td?.classList?.contains("status")) continue;
        window.probe.changes.push({ unit: td.parentElement.dataset.unit, text: td.textContent, t });
      }
    }).observe(document.getElementById("unit-board"), { subtree: true, childList: true, characterData: true });
    let last = performance.now();
    const loop = (now) => {
      window.probe.intervals.push(now - last);
      last = now;
      if (window.probe.running) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  const posted = [];
  // 20 seconds: every second all 100 units report a position, and 10 units change
  // availability (out of service and back), which the board and map must show.
  const seconds = Number(process.env.BEACON_CONSOLE_SECONDS ?? 20);
  const centre = { lat: 42.33, lon: -71.07 };
  for (let s = 0; s < seconds; s++) {
    const t0 = Date.now();
    const positions = units.map((u, k) => ({
      unit: u.id,
      lat: centre.lat + 0.04 * Math.sin((k + s) / 7),
      lon: centre.lon + 0.05 * Math.cos((k + s) / 9),
    }));
    assert.equal((await api("POST", "/api/v1/positions", { positions }, crew)).status, 200);
    units = (await api("GET", "/api/v1/units", undefined, kim)).body.units;
    for (let k = 0; k < 10; k++) {
      const u = units[(s * 10 + k) % units.length];
      if (u.incident) continue;
      const availability = u.availability === "AVAILABLE" ? "OUT_OF_SERVICE" : "AVAILABLE";
      const t = Date.now();
      const r = await api("POST", `/api/v1/units/${u.id}/availability`, { version: u.version, availability, reason: "load test" }, crew);
      if (r.status === 200) posted.push({ id: u.id, unit: u.name, availability, text: availability.replace(/_/g, " "), t });
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - t0))));
  }
  await page.waitForTimeout(1000);
  const m = await page.evaluate(() => {
    window.probe.running = false;
    return { frames: [...window.beacon.frames], changes: window.probe.changes, intervals: window.probe.intervals.slice(1), arrivals: window.probe.arrivals };
  });
  // Update latency: from the request that changed a unit to its new status on the board.
  const latencies = [];
  const toPage = [];
  const toBoard = [];
  for (const p of posted) {
    const seen = m.changes.find((c) => c.unit === p.unit && c.text === p.text && c.t >= p.t);
    if (seen) latencies.push(seen.t - p.t);
    const arrived = m.arrivals.find((a) => a.unit === p.id && a.availability === p.availability && a.t >= p.t);
    if (arrived) toPage.push(arrived.t - p.t);
    if (arrived && seen) toBoard.push(seen.t - arrived.t);
  }
  const q = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
  };
  const figures = {
    units: 100,
    open_incidents: 50,
    seconds,
    status_changes: posted.length,
    update_latency_ms: { n: latencies.length, p50: q(latencies, 0.5), p95: q(latencies, 0.95), max: q(latencies, 1) },
    request_to_event_in_page_ms: { n: toPage.length, p50: q(toPage, 0.5), p95: q(toPage, 0.95), max: q(toPage, 1) },
    event_in_page_to_board_ms: { n: toBoard.length, p50: q(toBoard, 0.5), p95: q(toBoard, 0.95), max: q(toBoard, 1) },
    render_work_per_frame_ms: { n: m.frames.length, p50: q(m.frames, 0.5), p95: q(m.frames, 0.95), max: q(m.frames, 1) },
    frame_interval_ms: { n: m.intervals.length, p50: q(m.intervals, 0.5), p95: q(m.intervals, 0.95), max: q(m.intervals, 1) },
  };
  console.log("console figures:", JSON.stringify(figures));
  writeFileSync(path.join(out, "..", "console-figures.json"), JSON.stringify(figures, null, 2));
  // Every status change reached the board.
  assert.equal(latencies.length, posted.length, "status changes that never showed on the board");
  assert.ok(posted.length > 0 && m.frames.length > 0);
  await shot(page, "load-100-units");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an MCI: declared on the board, patients tagged with each algorithm on a tablet, the plan accepted, transport and arrival; a second console follows live", async () => {
  const kt = await token("kim");
  const st = await token("sue");
  // An incident with units on it, through the API.
  let r = await api("POST", "/api/v1/calls", { lat: 42.3499, lon: -71.0784, address: "Boylston Street" }, kt);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const incident = r.body.id;
  r = await api("POST", `/api/v1/incidents/${incident}/triage`, { version: r.body.version, complaint: "traumatic_injury", answers: { conscious: "no" }, force: true }, kt);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // The supervisor's and the dispatcher's consoles (the units come on duty at the server's first
  // shift tick); then units are sent to the incident.
  const sue = await loggedIn("sue");
  const kim = await loggedIn("kim");
  let iv = r.body.incident.version;
  for (let i = 0; i < 60; ++i) {
    r = await api("POST", `/api/v1/incidents/${incident}/dispatch`, { version: iv }, kt);
    if (r.status === 200) break;
    await new Promise((ok) => setTimeout(ok, 500));
    iv = (await api("GET", `/api/v1/incidents/${incident}`, undefined, kt)).body.version;
  }
  assert.equal(r.status, 200, JSON.stringify(r.body));

  // The supervisor declares the MCI from the board; the dispatcher's console follows.
  await sue.page.click("#left-tabs button[data-tab='mci']");
  await kim.page.click("#left-tabs button[data-tab='mci']");
  await sue.page.fill("#mci-incident", String(incident));
  await sue.page.fill("#mci-name", "Boylston Street exercise");
  await sue.page.selectOption("#mci-level", "3");
  await sue.page.click("#mci-declare");
  await sue.page.waitForSelector("#mci-title:has-text('Boylston Street exercise')");
  await kim.page.waitForSelector("#mci-title:has-text('Boylston Street exercise')");
  let board = (await api("GET", "/api/v1/mcis", undefined, st)).body.mcis.find((m) => m.incident === incident);
  const base_ = `/api/v1/mcis/${board.id}`;
  board = (await api("GET", base_, undefined, st)).body;
  r = await api("POST", `${base_}/sites`, { version: board.version, name: "Finish line", kind: "casualty_collection", lat: 42.3499, lon: -71.0784 }, st);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  let version = r.body.version;
  const open = (await api("GET", "/api/v1/hospitals", undefined, st)).body.hospitals.filter((x) => x.emergency_department !== false).slice(0, 4);
  for (const x of open) {
    r = await api("POST", `${base_}/surge`, { version, hospital: x.id, red: 1, yellow: 2, green: 3, gray: 0 }, st);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    version = r.body.version;
  }
  await kim.page.waitForSelector("#mci-sites li[data-site='Finish line']");
  // The collection point is on both consoles' maps.
  await kim.page.waitForSelector(".pin-mci span[data-site='Finish line']");
  await sue.page.waitForSelector(".pin-mci span[data-site='Finish line']");

  // The scene: a crew member's tablet at 768 x 1024.
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
  const tab = await context.newPage();
  const tabErrors = [];
  tab.on("pageerror", (e) => tabErrors.push(String(e)));
  await tab.goto(base + "/#scene");
  await tab.fill("#user", "crew");
  await tab.fill("#password", PASSWORD);
  await tab.click("#login");
  await tab.waitForSelector("#scene-mci:has-text('Boylston Street exercise')");
  await tab.waitForSelector("#triage-site option[value='Finish line']", { state: "attached" });
  // Large targets, one column, no sideways scrolling.
  const submitBox = await tab.locator("#triage-submit").boundingBox();
  assert.ok(submitBox.height >= 44 && submitBox.width >= 300, JSON.stringify(submitBox));
  const yesBox = await tab.locator(".finding[data-finding='walks'] button[data-value='false']").boundingBox();
  assert.ok(yesBox.height >= 44 && yesBox.width >= 88, JSON.stringify(yesBox));
  assert.ok(await tab.evaluate(() => document.documentElement.scrollWidth <= 768));
  const finding = (name, value) => tab.tap(`.finding[data-finding='${name}'] button[data-value='${value}']`);
  // START: a missing finding is named, then a rate over 30 is Red.
  await tab.fill("#triage-tag", "T-1");
  await tab.selectOption("#triage-site", "Finish line");
  await finding("walks", false);
  await tab.tap("#triage-submit");
  await tab.waitForSelector("#triage-error:has-text('breathing')");
  await finding("breathing", true);
  await tab.fill("#triage-rate", "34");
  await tab.tap("#triage-submit");
  await tab.waitForSelector("#triage-result:has-text('T-1: Red')");
  // JumpSTART: a child breathing 30 with a pulse, alert: Yellow.
  await tab.tap("#triage-algorithm button[data-algorithm='jumpstart']");
  await tab.fill("#triage-tag", "T-2");
  await tab.selectOption("#triage-site", "Finish line");
  await finding("walks", false);
  await finding("breathing", true);
  await finding("peripheral_pulse", true);
  await tab.fill("#triage-rate", "30");
  await tab.selectOption("#triage-avpu", "A");
  await tab.tap("#triage-submit");
  await tab.waitForSelector("#triage-result:has-text('T-2: Yellow')");
  // SALT: walking, every check passed, minor injuries only: Green.
  await tab.tap("#triage-algorithm button[data-algorithm='salt']");
  await tab.fill("#triage-tag", "T-3");
  for (const [name, value] of [["walks", true], ["breathing", true], ["follows_commands", true], ["peripheral_pulse", true], ["respiratory_distress", false], ["hemorrhage_controlled", true], ["minor_injuries_only", true]]) {
    await finding(name, value);
  }
  await tab.tap("#triage-submit");
  await tab.waitForSelector("#triage-result:has-text('T-3: Green')");
  // By hand: a black tag.
  await tab.fill("#triage-tag", "T-4");
  await tab.tap("#triage-category button[data-category='Black']");
  await tab.waitForSelector("#triage-result:has-text('T-4: Black')");
  await shot(tab, "mci-tablet-triage");

  // Both consoles count them, live.
  for (const page of [kim.page, sue.page]) {
    for (const [c, n] of [["Red", 1], ["Yellow", 1], ["Green", 1], ["Black", 1]]) {
      await page.waitForSelector(`#mci-counts [data-category='${c}'] .n:text-is('${n}')`);
    }
  }
  await kim.page.selectOption("#mci-filter", "Red");
  assert.equal(await kim.page.locator("#mci-patients tr[data-tag]").count(), 1);
  await kim.page.selectOption("#mci-filter", "");

  // The dispatcher plans and accepts; the transport queue shows on the supervisor's board too.
  await kim.page.click("#mci-make-plan");
  await kim.page.waitForSelector("#mci-trips tr[data-unit]");
  assert.match(await kim.page.textContent("#mci-trips tr[data-unit]"), /T-1/);
  await kim.page.click("#mci-accept-plan");
  await sue.page.waitForSelector("#mci-transport-queue li[data-tag='T-1']");
  await shot(kim.page, "mci-board-planned");

  // The crew carries T-1 to its hospital: the board shows it inbound, then arrived.
  const ct = await token("crew");
  board = (await api("GET", base_, undefined, ct)).body;
  const t1 = board.patients.find((p) => p.tag === "T-1");
  const unit = (await api("GET", `/api/v1/units/${t1.unit_id}`, undefined, ct)).body;
  let v = unit.version;
  for (const state of ["EN_ROUTE", "ON_SCENE"]) {
    r = await api("POST", `/api/v1/units/${t1.unit_id}/status`, { version: v, state }, ct);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    v = r.body.version;
  }
  r = await api("POST", `${base_}/patients/T-1/departed`, { version: t1.version, unit: t1.unit_id, hospital: t1.hospital_id }, ct);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await sue.page.waitForSelector(`#mci-hospitals tr[data-hospital='${t1.hospital}'] td.inbound:text-is('1')`);
  r = await api("POST", `${base_}/patients/T-1/arrived`, { version: r.body.version, hospital: t1.hospital_id }, ct);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await kim.page.waitForSelector(`#mci-hospitals tr[data-hospital='${t1.hospital}'] td.arrived:text-is('1')`);
  await sue.page.waitForSelector(`#mci-patients tr[data-tag='T-1'] td.state:has-text('arrived')`);
  await shot(sue.page, "mci-board-arrived");
  assert.deepEqual(tabErrors, []);
  assert.deepEqual(kim.errors, []);
  assert.deepEqual(sue.errors, []);
  await context.close();
  await kim.context.close();
  await sue.context.close();
});
