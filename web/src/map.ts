// The map: Beacon's own street layer as the base map (no outside tiles unless the config names
// a tile URL), units as labelled markers coloured by status, incidents by priority, the route
// of the selected unit and the coverage gaps (demand the idle units do not reach in time).

import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { get } from "./api";
import type { Incident, Store, Unit } from "./state";
import { unitStatus } from "./status";

interface StreetLayer {
  names: string[];
  segments: [number, string, number[]][];
  bounds: [number, number, number, number];
}

// Marker labels are HTML (Leaflet's divIcon): names are escaped.
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ROAD_WEIGHT: Record<string, number> = {
  motorway: 3,
  trunk: 3,
  primary: 2.5,
  secondary: 2,
  tertiary: 1.6,
};

export class CadMap {
  readonly map: L.Map;
  private unitMarkers = new Map<number, L.Marker>();
  private incidentMarkers = new Map<number, L.Marker>();
  private route: L.Polyline | null = null;
  private gaps: L.LayerGroup | null = null;
  private gapsKey = "";
  private placed: L.Marker | null = null;
  private mciSites: L.LayerGroup | null = null;
  private mciKey = "";
  onClick: (lat: number, lon: number) => void = () => {};
  onSelectIncident: (id: number) => void = () => {};

  constructor(
    el: HTMLElement,
    private readonly store: Store,
    tileUrl: string | null,
  ) {
    this.map = L.map(el, { preferCanvas: true, zoomControl: true, attributionControl: false });
    this.map.setView([42.33, -71.07], 12);
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(this.map);
    this.map.on("click", (e: L.LeafletMouseEvent) => this.onClick(e.latlng.lat, e.latlng.lng));
    // Smaller labels when the whole city is in view, so they overlap less.
    const scale = () => el.classList.toggle("zoomed-out", this.map.getZoom() < 14);
    this.map.on("zoomend", scale);
    scale();
  }

  async loadStreets(): Promise<number> {
    const layer = await get<StreetLayer>("/api/v1/map/streets");
    const renderer = L.canvas({ padding: 0.2 });
    const byWeight = new Map<number, L.LatLngExpression[][]>();
    for (const [, cls, flat] of layer.segments) {
      const w = ROAD_WEIGHT[cls] ?? 1;
      const line: L.LatLngExpression[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) line.push([flat[i], flat[i + 1]]);
      const list = byWeight.get(w) ?? [];
      list.push(line);
      byWeight.set(w, list);
    }
    for (const [w, lines] of byWeight) {
      L.polyline(lines, { renderer, color: "#8a94a6", weight: w, interactive: false }).addTo(this.map);
    }
    const [a, b, c, d] = layer.bounds;
    this.map.fitBounds([
      [a, b],
      [c, d],
    ]);
    return layer.segments.length;
  }

  place(lat: number, lon: number, label: string): void {
    if (!this.placed) {
      this.placed = L.marker([lat, lon], {
        icon: L.divIcon({ className: "pin-call", html: "<span>CALL</span>", iconSize: [44, 20] }),
      }).addTo(this.map);
    }
    this.placed.setLatLng([lat, lon]).bindTooltip(label);
    this.map.panTo([lat, lon]);
  }

  clearPlaced(): void {
    this.placed?.remove();
    this.placed = null;
  }

  renderUnits(): void {
    const items: MarkerItem[] = [];
    for (const u of this.store.units.values()) {
      // No fix yet: at its station (the label says so).
      const at = u.position ?? u.home_location;
      if (!at) continue;
      const s = unitStatus(u);
      items.push({
        id: u.id,
        at: [at.lat, at.lon],
        html: `<span class="unit-pin ${s.cls}" data-unit="${esc(u.name)}">${esc(u.name)} ${s.short}${u.position ? "" : " (stn)"}</span>`,
        click: () => void this.showRoute(u),
      });
    }
    syncMarkers(this.map, this.unitMarkers, items, "unit-icon");
  }

  renderIncidents(): void {
    const items: MarkerItem[] = [];
    for (const i of this.store.incidents.values()) {
      if (i.closed) continue;
      items.push({
        id: i.id,
        at: [i.location.lat, i.location.lon],
        html: incidentHtml(i),
        click: () => this.onSelectIncident(i.id),
      });
    }
    syncMarkers(this.map, this.incidentMarkers, items, "incident-icon");
  }

  async showRoute(u: Unit): Promise<void> {
    const r = await get<{ route: { polyline?: [number, number][] } | null } | null>(
      `/api/v1/units/${u.id}/route`,
    ).catch(() => null);
    this.route?.remove();
    this.route = null;
    const points = r?.route?.polyline;
    const el = this.map.getContainer();
    if (points && points.length > 1) {
      this.route = L.polyline(points, { color: "#0b5fff", weight: 5, opacity: 0.8 }).addTo(this.map);
      this.route.bindTooltip(`${u.name} route`);
      el.dataset.routeUnit = u.name;
    } else {
      delete el.dataset.routeUnit;
    }
  }

  // Coverage gaps: demand points no idle unit reaches in time, sized by weight.
  renderGaps(): void {
    const gaps = this.store.coverage.gaps ?? [];
    const key = gaps.map((g) => `${g.lat},${g.lon}`).join(";");
    if (key === this.gapsKey) return;
    this.gapsKey = key;
    this.gaps?.remove();
    const max = Math.max(1, ...gaps.map((g) => g.weight));
    this.gaps = L.layerGroup(
      gaps.map((g) =>
        L.circleMarker([g.lat, g.lon], {
          radius: 4 + 8 * Math.sqrt(g.weight / max),
          color: "#ff4d4f",
          weight: 1,
          fillOpacity: 0.2,
          interactive: true,
        }).bindTooltip(`Coverage gap${g.area ? " · " + g.area : ""} (tract ${g.name})`),
      ),
    ).addTo(this.map);
  }

  // The open MCI's sites: casualty collection points, treatment areas, staging (labelled pins).
  renderMciSites(sites: { name: string; kind: string; location: { lat: number; lon: number } }[]): void {
    const key = sites.map((x) => `${x.name}@${x.location.lat},${x.location.lon}`).join(";");
    if (key === this.mciKey) return;
    this.mciKey = key;
    this.mciSites?.remove();
    const short: Record<string, string> = { casualty_collection: "CCP", treatment: "TRT", staging: "STG" };
    this.mciSites = L.layerGroup(
      sites.map((x) =>
        L.marker([x.location.lat, x.location.lon], {
          icon: L.divIcon({ className: "pin-mci", html: `<span data-site="${esc(x.name)}">${short[x.kind] ?? "MCI"} ${esc(x.name)}</span>`, iconSize: undefined }),
          keyboard: false,
        }),
      ),
    ).addTo(this.map);
  }

  unitMarkerCount(): number {
    return this.unitMarkers.size;
  }
}

interface MarkerItem {
  id: number;
  at: [number, number];
  html: string;
  click: () => void;
}

type LabelledMarker = L.Marker & { html?: string; click?: () => void };

// Keyed markers updated in place: moved when the place changed, redrawn only when the label
// changed, removed when the thing is gone.
function syncMarkers(map: L.Map, markers: Map<number, L.Marker>, items: MarkerItem[], className: string): void {
  const seen = new Set<number>();
  for (const item of items) {
    seen.add(item.id);
    let m = markers.get(item.id) as LabelledMarker | undefined;
    if (!m) {
      m = L.marker(item.at, { icon: L.divIcon({ className, html: item.html, iconSize: undefined }), keyboard: false }).addTo(map) as LabelledMarker;
      const marker = m;
      m.on("click", () => marker.click?.());
      m.html = item.html;
      markers.set(item.id, m);
    } else {
      m.setLatLng(item.at);
      if (m.html !== item.html) {
        m.html = item.html;
        m.setIcon(L.divIcon({ className, html: item.html, iconSize: undefined }));
      }
    }
    m.click = item.click;
  }
  for (const [id, m] of markers) {
    if (!seen.has(id)) {
      m.remove();
      markers.delete(id);
    }
  }
}

function incidentHtml(i: Incident): string {
  const p = i.priority || 0;
  return `<span class="incident-pin p${p}" data-incident="${i.id}">#${i.id} ${p ? "P" + p : "P?"}</span>`;
}
