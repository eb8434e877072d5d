// How a unit's state reads on the board and the map: a word and a short code, never colour
// alone (the colour class only repeats what the text says).

import type { Unit } from "./state";

export interface UnitStatus {
  label: string; // "EN ROUTE"
  short: string; // "ENR"
  cls: string; // CSS class for the colour
  since: string; // ISO time the state began
}

const ASSIGNMENT: Record<string, [string, string, string]> = {
  ASSIGNED: ["DISPATCHED", "DSP", "st-dispatched"],
  EN_ROUTE: ["EN ROUTE", "ENR", "st-enroute"],
  ON_SCENE: ["ON SCENE", "ONS", "st-onscene"],
  PATIENT_CONTACT: ["PATIENT CONTACT", "PTC", "st-onscene"],
  TRANSPORTING: ["TRANSPORTING", "TRN", "st-transport"],
  AT_DESTINATION: ["AT HOSPITAL", "HOS", "st-hospital"],
  TRANSFERRED: ["TRANSFERRED", "TRF", "st-hospital"],
};

export function unitStatus(u: Unit): UnitStatus {
  if (u.state && ASSIGNMENT[u.state]) {
    const [label, short, cls] = ASSIGNMENT[u.state];
    return { label, short, cls, since: u.state_since ?? u.availability_since };
  }
  if (u.availability === "AVAILABLE") {
    return { label: "AVAILABLE", short: "AV", cls: "st-available", since: u.availability_since };
  }
  if (u.availability === "OUT_OF_SERVICE") {
    return { label: "OUT OF SERVICE", short: "OOS", cls: "st-oos", since: u.availability_since };
  }
  return { label: u.availability, short: u.availability.slice(0, 3), cls: "st-busy", since: u.availability_since };
}

// The next status a crew reports from each state (keyboard shortcuts act on it).
export const NEXT_STATE: Record<string, string> = {
  ASSIGNED: "EN_ROUTE",
  EN_ROUTE: "ON_SCENE",
  ON_SCENE: "PATIENT_CONTACT",
  PATIENT_CONTACT: "TRANSPORTING",
  TRANSPORTING: "AT_DESTINATION",
  AT_DESTINATION: "TRANSFERRED",
  TRANSFERRED: "CLEARED",
};

// The server's clock (it may run faster than real time in a demo): offset from this browser's.
export const serverClock = {
  offsetMs: 0,
  now(): number {
    return Date.now() + this.offsetMs;
  },
  sync(serverIso: string | undefined): void {
    if (serverIso) this.offsetMs = Date.parse(serverIso) - Date.now();
  },
};

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(sec).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
