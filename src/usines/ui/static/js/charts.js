/* Draw each <canvas data-chart="name"> from the JSON block "chart-data". The tables
 * beside the charts carry the same figures for screen readers and keyboards.
 *
 * Numbers and dates are written in the page's language (Intl, from <html lang>):
 * "89 706", "71,9 %", "19 mars" in French; "89,706", "71.9 %", "19 Mar" in English.
 * A line chart's labels are ISO dates; a bar chart labels every bar, long labels
 * wrapped on several lines, and grows to give each bar its room. */
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || !window.Chart) { return; }
  var charts = JSON.parse(block.textContent);
  var lang = document.documentElement.lang || "fr";
  var colours = ["#0b4f8a", "#1f6f3b", "#8a4b00"];
  var kinds = { previous: "#6b6f76", target: "#b3261e" };
  var day = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short" });
  var longDay = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long" });
  var integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  var decimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function isoDate(text) {
    var parts = text.split("-");
    return new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
  }

  var colon = lang.indexOf("fr") === 0 ? "\u00a0: " : ": ";

  /* "71,9 %" for a share (`unit` "%"), "89 706" otherwise; `whole` keeps a scale's
   * round steps without decimals ("20 %"). */
  function number(value, unit, whole) {
    if (unit === "%") { return (whole ? integer : decimal).format(value) + "\u00a0%"; }
    return integer.format(value);
  }

  /* A label cut between words into lines of at most `width` characters. */
  function wrap(label, width) {
    var lines = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : label;
  }

  /* Legend keys drawn as short lines: a dashed line's key is its dashed outline. */
  function lineKeys(chart) {
    return window.Chart.defaults.plugins.legend.labels.generateLabels(chart).map(function (key) {
      if (key.lineDash && key.lineDash.length) { key.fillStyle = "rgba(0, 0, 0, 0)"; }
      return key;
    });
  }

  function axisTitle(text) {
    return text ? { display: true, text: text, color: "#1b1f24" } : { display: false };
  }

  function lineOptions(spec) {
    return {
      scales: {
        x: {
          title: axisTitle(spec.x_title),
          ticks: {
            maxRotation: 0, autoSkip: true, autoSkipPadding: 12,
            callback: function (value) { return day.format(isoDate(spec.labels[value])); }
          }
        },
        y: {
          beginAtZero: true, title: axisTitle(spec.y_title),
          ticks: { precision: 0, callback: function (value) { return number(value, spec.unit, true); } }
        }
      },
      plugins: {
        legend: {
          display: true, position: "bottom",
          labels: { boxWidth: 28, boxHeight: 2, color: "#1b1f24", generateLabels: lineKeys }
        },
        tooltip: {
          callbacks: {
            title: function (items) { return longDay.format(isoDate(spec.labels[items[0].dataIndex])); },
            label: function (item) { return item.dataset.label + colon + number(item.parsed.y, spec.unit); }
          }
        }
      }
    };
  }

  function barOptions(spec, canvas) {
    var labels = spec.labels.map(function (label) { return wrap(label, 24); });
    var lines = labels.reduce(function (sum, label) { return sum + (Array.isArray(label) ? label.length : 1); }, 0);
    canvas.parentNode.style.height = Math.max(16, 2 + lines * 1.25 + spec.labels.length * 0.5) + "rem";
    return {
      labels: labels,
      options: {
        indexAxis: "y",
        scales: {
          y: { ticks: { autoSkip: false, font: { size: 11 } } },
          x: {
            beginAtZero: true, title: axisTitle(spec.datasets[0].label),
            ticks: { callback: function (value) { return number(value, spec.unit, true); } }
          }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return number(item.parsed.x, spec.unit); } } }
        }
      }
    };
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = charts[canvas.dataset.chart];
    if (!spec) { return; }
    var plain = 0;
    var datasets = spec.datasets.map(function (set) {
      var colour = kinds[set.kind] || colours[plain++ % colours.length];
      return {
        label: set.label, data: set.data, borderColor: colour, backgroundColor: colour,
        borderDash: set.kind ? [6, 4] : [], pointRadius: 0, tension: 0.1, spanGaps: false
      };
    });
    var bar = spec.type === "bar" ? barOptions(spec, canvas) : null;
    var options = bar ? bar.options : lineOptions(spec);
    options.responsive = true;
    options.maintainAspectRatio = false;
    options.animation = false;
    options.locale = lang;
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: bar ? bar.labels : spec.labels, datasets: datasets },
      options: options
    });
  });
})();
