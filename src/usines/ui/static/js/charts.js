/* Draw each <canvas data-chart="name"> from the JSON block "chart-data". The tables
 * beside the charts carry the same figures for screen readers and keyboards. */
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || !window.Chart) { return; }
  var charts = JSON.parse(block.textContent);
  var colours = ["#0b4f8a", "#1f6f3b", "#8a4b00", "#6b6f76", "#b3261e"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = charts[canvas.dataset.chart];
    if (!spec) { return; }
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, index) {
          var colour = set.dashed ? "#b3261e" : colours[index % colours.length];
          return {
            label: set.label, data: set.data, borderColor: colour, backgroundColor: colour,
            borderDash: set.dashed ? [6, 4] : [], pointRadius: 0, tension: 0.1
          };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: spec.type === "bar" ? "y" : "x",
        plugins: { legend: { display: spec.datasets.length > 1 } }
      }
    });
  });
})();
