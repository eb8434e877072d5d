#include "beacon/sim/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>

#include "beacon/sim/kpi.h"

namespace beacon::sim {
namespace {

constexpr std::array<const char*, 3> kColors = {"#c0392b", "#e67e22", "#2e86c1"};
constexpr double kWidth = 640;
constexpr double kHeight = 240;
constexpr double kLeft = 56;
constexpr double kBottom = 40;
constexpr double kTop = 16;

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct Series {
  std::string name;
  std::string color;
  std::vector<double> values;  // one per category
};

// A chart over categories: bars (one group per category) or lines, with a y axis from 0.
std::string Chart(const std::string& id, const std::string& title, const std::string& y_label,
                  const std::vector<std::string>& categories, const std::vector<Series>& series,
                  bool bars) {
  double top = 0;
  for (const Series& s : series) {
    for (double v : s.values) top = std::max(top, std::isnan(v) ? 0.0 : v);
  }
  if (top <= 0) top = 1;
  const double plot_w = kWidth - kLeft - 8;
  const double plot_h = kHeight - kTop - kBottom;
  const auto n = static_cast<double>(std::max<std::size_t>(categories.size(), 1));
  const double step = plot_w / n;
  auto y = [&](double v) { return kTop + plot_h * (1 - std::max(0.0, v) / top); };
  std::string svg = fmt::format(
      "<figure id=\"{}\"><figcaption>{}</figcaption>\n<svg class=\"chart\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
      id, Escape(title), kWidth, kHeight, kWidth, kHeight, Escape(title));
  for (int k = 0; k <= 4; ++k) {  // grid and y labels
    const double v = top * k / 4;
    svg += fmt::format(
        "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"10\">{:.3g}</text>\n",
        kLeft, kLeft + plot_w, y(v), y(v), kLeft - 4, y(v) + 3, v);
  }
  svg += fmt::format(
      "<text x=\"12\" y=\"{:.1f}\" font-size=\"10\" transform=\"rotate(-90 12 {:.1f})\" "
      "text-anchor=\"middle\">{}</text>\n",
      kTop + plot_h / 2, kTop + plot_h / 2, Escape(y_label));
  const std::size_t label_every = std::max<std::size_t>(1, categories.size() / 16);
  for (std::size_t i = 0; i < categories.size(); i += label_every) {
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"10\">{}</text>\n",
        kLeft + step * (static_cast<double>(i) + 0.5), kHeight - kBottom + 14,
        Escape(categories[i]));
  }
  const double bar_w = step * 0.8 / static_cast<double>(std::max<std::size_t>(series.size(), 1));
  const double legend_step = series.size() > 3 ? 78 : 150;  // short names when there are many
  for (std::size_t s = 0; s < series.size(); ++s) {
    const Series& sr = series[s];
    std::string points;
    for (std::size_t i = 0; i < sr.values.size() && i < categories.size(); ++i) {
      const double v = std::isnan(sr.values[i]) ? 0 : sr.values[i];
      if (bars) {
        const double x =
            kLeft + step * static_cast<double>(i) + step * 0.1 + bar_w * static_cast<double>(s);
        svg += fmt::format(
            "<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"{}\"><title>{}: {:.3g}</title></rect>\n",
            x, y(v), bar_w, kTop + plot_h - y(v), sr.color, Escape(categories[i]), v);
      } else {
        points +=
            fmt::format("{:.1f},{:.1f} ", kLeft + step * (static_cast<double>(i) + 0.5), y(v));
      }
    }
    if (!bars) {
      svg += fmt::format(
          "<polyline class=\"line\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
          "points=\"{}\"/>\n",
          sr.color, points);
    }
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>\n",
        kLeft + 8 + legend_step * static_cast<double>(s), kHeight - 14, sr.color,
        kLeft + 22 + legend_step * static_cast<double>(s), kHeight - 5, Escape(sr.name));
  }
  svg += "</svg></figure>\n";
  return svg;
}

std::string Cell(const Estimate& e, double scale, const char* fmt_spec) {
  if (std::isnan(e.mean)) return "-";
  return fmt::format(fmt::runtime(fmt_spec), e.mean * scale, e.low * scale, e.high * scale);
}

template <typename F>
Estimate Across(const std::vector<ReplicationKpis>& k, F get) {
  std::vector<double> v;
  for (const ReplicationKpis& x : k) v.push_back(get(x));
  return Summarise(v);
}

std::string KpiTable(const SimResult& r, const SimScenario& s) {
  const auto& k = r.kpis;
  std::string t = "<table><tr><th>KPI</th><th>mean [95 % interval]</th></tr>\n";
  auto row = [&](const std::string& name, const std::string& value) {
    t += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", Escape(name), value);
  };
  for (std::size_t p = 0; p < 3; ++p) {
    row(fmt::format("P{} response median (min)", p + 1),
        Cell(Across(k, [p](const ReplicationKpis& x) { return x.priority[p].response_median_s; }),
             1.0 / 60, "{:.2f} [{:.2f}, {:.2f}]"));
    row(fmt::format("P{} response 90th percentile (min)", p + 1),
        Cell(Across(k, [p](const ReplicationKpis& x) { return x.priority[p].response_p90_s; }),
             1.0 / 60, "{:.2f} [{:.2f}, {:.2f}]"));
    row(fmt::format("P{} within {} min (%)", p + 1, ToSecondsF(s.targets[p]) / 60),
        Cell(Across(k, [p](const ReplicationKpis& x) { return x.priority[p].within_target; }), 100,
             "{:.1f} [{:.1f}, {:.1f}]"));
  }
  row("calls that waited for a unit (%)",
      Cell(Across(k, [](const ReplicationKpis& x) { return x.waited_share; }), 100,
           "{:.2f} [{:.2f}, {:.2f}]"));
  row("queueing delay, calls that waited (min)",
      Cell(Across(k, [](const ReplicationKpis& x) { return x.queue_delay_waited_s; }), 1.0 / 60,
           "{:.2f} [{:.2f}, {:.2f}]"));
  row("unit utilisation (%)",
      Cell(Across(k, [](const ReplicationKpis& x) { return x.utilisation; }), 100,
           "{:.1f} [{:.1f}, {:.1f}]"));
  row("offload time (min)",
      Cell(Across(k, [](const ReplicationKpis& x) { return x.offload_mean_s; }), 1.0 / 60,
           "{:.1f} [{:.1f}, {:.1f}]"));
  t += "</table>\n";
  return t;
}

}  // namespace

// The MCI exercise: its figures per hospital policy, and each policy's hospital loads over time.
std::string MciSection(const SimResult& r, const SimScenario& s) {
  if (!s.mci || r.mci.empty()) return "";
  const MciDistribution mine = s.mci->distribution;
  const MciDistribution other =
      mine == MciDistribution::kPlanned ? MciDistribution::kClosest : MciDistribution::kPlanned;
  std::vector<std::pair<std::string, const std::vector<MciKpis>*>> policies = {
      {std::string(MciDistributionName(mine)), &r.mci}};
  if (!r.comparison_mci.empty()) {
    policies.emplace_back(std::string(MciDistributionName(other)), &r.comparison_mci);
  }
  auto mean = [](const std::vector<MciKpis>& k, auto get) {
    std::vector<double> v;
    for (const MciKpis& x : k) v.push_back(get(x));
    return Summarise(v);
  };
  std::string html = fmt::format(
      "<h2>MCI exercise: {}</h2>\n<p>{} casualties from {}; figures are means over the "
      "replications with their 95 % intervals, each policy on the same seeds.</p>\n<table><tr>"
      "<th>figure</th>",
      Escape(s.mci->name), s.mci->Patients(), FormatUtc(s.mci->at));
  for (const auto& [name, k] : policies) html += fmt::format("<th>{}</th>", Escape(name));
  html += "</tr>\n";
  auto row = [&](const char* label, auto get, const char* spec) {
    html += fmt::format("<tr><td>{}</td>", label);
    for (const auto& [name, k] : policies) html += "<td>" + Cell(mean(*k, get), 1, spec) + "</td>";
    html += "</tr>\n";
  };
  row(
      "last red patient at a hospital (min)",
      [](const MciKpis& x) { return x.last_red_arrival_min; }, "{:.1f}");
  row(
      "mean red arrival (min)", [](const MciKpis& x) { return x.mean_red_arrival_min; }, "{:.1f}");
  row(
      "last patient at a hospital (min)", [](const MciKpis& x) { return x.last_arrival_min; },
      "{:.1f}");
  row(
      "patients above declared capacity", [](const MciKpis& x) { return x.overflow * 1.0; },
      "{:.0f}");
  row(
      "patients at a hospital lacking a need", [](const MciKpis& x) { return x.needs_unmet * 1.0; },
      "{:.1f}");
  row(
      "city P1 median during the MCI (s)", [](const MciKpis& x) { return x.p1_median_during_s; },
      "{:.0f}");
  html += "</table>\n";
  static constexpr std::array<const char*, 8> kHospitalColors = {
      "#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#e67e22", "#16a085", "#7f8c8d", "#d35400"};
  // One colour per hospital across the charts.
  std::map<std::string, const char*> color;
  for (const auto& [name, k] : policies) {
    for (const MciHospitalLoad& h : k->front().hospitals) color.emplace(h.code, "");
  }
  std::size_t next_color = 0;
  for (auto& [code, c] : color) c = kHospitalColors[next_color++ % kHospitalColors.size()];
  for (const auto& [name, k] : policies) {
    std::vector<Series> series;
    std::size_t steps = 0;
    for (const MciHospitalLoad& h : k->front().hospitals) {
      const std::vector<double> cum = MeanArrivedBy(*k, h.code);
      if (cum.empty() || cum.back() <= 0) continue;
      steps = std::max(steps, cum.size());
      series.push_back({h.code, color.at(h.code), cum});
    }
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < steps; ++i) labels.push_back(fmt::format("+{}", (i + 1) * 10));
    for (Series& sr : series) sr.values.resize(steps, sr.values.empty() ? 0 : sr.values.back());
    html +=
        Chart("mci-" + name,
              fmt::format("Patients arrived by hospital, minutes from the first call ({})", name),
              "patients", labels, series, false);
  }
  return html;
}

std::string ReportHtml(const SimResult& result, const SimScenario& scenario,
                       const model::CityModel& model) {
  const double reps = static_cast<double>(std::max<std::size_t>(result.replications.size(), 1));
  const double days = ToSecondsF(scenario.length - scenario.warmup) / 86400;
  const Instant warm_end = scenario.start + scenario.warmup;
  const Instant end = scenario.start + scenario.length;
  // Response-time distribution: share of each priority's calls by minute, 0 .. 29 and 30+.
  constexpr int kBins = 31;
  std::array<std::vector<double>, 3> dist;
  for (auto& d : dist) d.assign(kBins, 0);
  std::array<double, 3> reached{};
  std::vector<double> calls_by_hour(24, 0);
  std::vector<double> busy_by_hour(24, 0);  // unit-hours committed in each local hour of day
  std::map<std::string, double> hospital_load;
  struct Late {
    LatLon at;
    int priority;
  };
  std::vector<Late> late;
  const TimeZone& zone = model.time_zone();
  for (const ReplicationResult& r : result.replications) {
    for (const CallRecord& c : r.calls) {
      if (!c.counted) continue;
      const auto p = static_cast<std::size_t>(std::clamp(c.priority, 1, 3) - 1);
      calls_by_hour[static_cast<std::size_t>(zone.ToLocal(c.time).civil.hour)] += 1;
      if (c.response) {
        const int bin = std::min(kBins - 1, static_cast<int>(ToSecondsF(*c.response) / 60));
        dist[p][static_cast<std::size_t>(bin)] += 1;
        reached[p] += 1;
        if (*c.response > scenario.targets[p] && late.size() < 20000) {
          late.push_back({c.location, c.priority});
        }
      }
      if (!c.hospital.empty()) hospital_load[c.hospital] += 1;
      if (c.dispatch && c.busy) {
        // The units sent are committed from dispatch to clear, spread over the hours it spans.
        Instant from = c.time + *c.dispatch;
        const Instant to = std::min(end, c.time + *c.busy);
        while (from < to) {
          const Instant next = std::min(to, from + Minutes{60} - (from - Instant{}) % Minutes{60});
          if (from >= warm_end) {
            busy_by_hour[static_cast<std::size_t>(zone.ToLocal(from).civil.hour)] +=
                ToSecondsF(next - from) / 3600 * c.units_sent;
          }
          from = next;
        }
      }
    }
  }
  for (std::size_t p = 0; p < 3; ++p) {
    for (double& v : dist[p]) v = reached[p] > 0 ? 100 * v / reached[p] : 0;
  }
  for (std::size_t h = 0; h < 24; ++h) {
    calls_by_hour[h] /= reps * days;
    busy_by_hour[h] /= reps * days;
  }
  std::vector<std::string> minutes;
  for (int m = 0; m < kBins; ++m) minutes.push_back(m + 1 < kBins ? std::to_string(m) : "30+");
  std::vector<std::string> hours;
  for (int h = 0; h < 24; ++h) hours.push_back(fmt::format("{:02}", h));
  // Utilisation per unit, averaged over replications.
  std::vector<std::string> units;
  std::vector<double> util;
  if (!result.replications.empty()) {
    for (std::size_t u = 0; u < result.replications[0].units.size(); ++u) {
      double busy = 0;
      double duty = 0;
      for (const ReplicationResult& r : result.replications) {
        busy += ToSecondsF(r.units[u].busy);
        duty += ToSecondsF(r.units[u].on_duty);
      }
      units.push_back(result.replications[0].units[u].name);
      util.push_back(duty > 0 ? 100 * busy / duty : 0);
    }
  }
  std::vector<std::string> hospitals;
  std::vector<double> per_day;
  for (const auto& [code, n] : hospital_load) {
    hospitals.push_back(code);
    per_day.push_back(n / (reps * days));
  }

  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>{} - Beacon simulation report</title>\n"
      "<style>body{{font-family:sans-serif;margin:24px;max-width:720px}}"
      "table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:3px 8px;"
      "text-align:left}}figure{{margin:24px 0}}figcaption{{font-weight:bold;margin-bottom:6px}}"
      "</style></head><body>\n<h1>{}</h1>\n<p>{} &middot; {} &middot; {:g} days from {} "
      "&middot; {} replication(s), seed {} &middot; travel {} &middot; policy closest unit</p>\n",
      Escape(scenario.name), Escape(scenario.name), Escape(scenario.description),
      Escape(scenario.city), ToSecondsF(scenario.length) / 86400, FormatUtc(scenario.start),
      result.replications.size(), result.seed,
      scenario.travel == TravelMode::kRoad ? "by road" : "zero");
  html += KpiTable(result, scenario);
  std::vector<Series> resp;
  for (std::size_t p = 0; p < 3; ++p) {
    resp.push_back({fmt::format("priority {}", p + 1), kColors[p], dist[p]});
  }
  html += Chart("response", "Response time (call to first unit on scene), share of calls by minute",
                "% of calls", minutes, resp, false);
  html += Chart(
      "hourly", "Calls and units busy by local hour of day (mean per day)", "calls / units", hours,
      {{"calls per hour", "#2e86c1", calls_by_hour}, {"units busy", "#c0392b", busy_by_hour}},
      false);
  html += Chart("utilisation", "Unit-hour utilisation (busy / on-duty hours)", "%", units,
                {{"utilisation", "#27ae60", util}}, true);
  html += Chart("hospitals", "Hospital load (transports a day)", "transports / day", hospitals,
                {{"transports", "#8e44ad", per_day}}, true);
  html += MciSection(result, scenario);
  // Map of late calls: demand points in grey, late calls by priority, on a flat projection.
  double lat0 = 90;
  double lat1 = -90;
  double lon0 = 180;
  double lon1 = -180;
  for (const model::DemandPoint& d : model.data().demand) {
    lat0 = std::min(lat0, d.road.lat);
    lat1 = std::max(lat1, d.road.lat);
    lon0 = std::min(lon0, d.road.lon);
    lon1 = std::max(lon1, d.road.lon);
  }
  for (const Late& l : late) {
    lat0 = std::min(lat0, l.at.lat);
    lat1 = std::max(lat1, l.at.lat);
    lon0 = std::min(lon0, l.at.lon);
    lon1 = std::max(lon1, l.at.lon);
  }
  const double kx = std::cos((lat0 + lat1) / 2 * std::numbers::pi / 180);
  const double span = std::max({(lon1 - lon0) * kx, lat1 - lat0, 1e-6});
  constexpr double kMap = 480;
  auto px = [&](const LatLon& p) {
    return std::pair(10 + (p.lon - lon0) * kx / span * kMap, 10 + (lat1 - p.lat) / span * kMap);
  };
  html += fmt::format(
      "<figure id=\"late\"><figcaption>Calls reached later than their target ({} shown)"
      "</figcaption>\n<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"map of late calls\">\n",
      late.size(), kMap + 20, kMap + 20, kMap + 20, kMap + 20);
  for (const model::DemandPoint& d : model.data().demand) {
    const auto [x, y] = px(d.road);
    html += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2\" fill=\"#ccc\"/>\n", x, y);
  }
  for (const Late& l : late) {
    const auto [x, y] = px(l.at);
    html += fmt::format(
        "<circle class=\"late\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\" "
        "fill-opacity=\"0.5\"/>\n",
        x, y, kColors[static_cast<std::size_t>(std::clamp(l.priority, 1, 3) - 1)]);
  }
  html += "</svg></figure>\n</body></html>\n";
  return html;
}

Status WriteReportHtml(const SimResult& result, const SimScenario& scenario,
                       const model::CityModel& model, const std::filesystem::path& path) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  f << ReportHtml(result, scenario, model);
  if (!f.flush()) return UnavailableError(fmt::format("cannot write '{}'", path.string()));
  return OkStatus();
}

}  // namespace beacon::sim
