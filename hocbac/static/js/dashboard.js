// The dashboard's monthly trends: data from the page's json_script, drawn with the vendored Chart.js.
(function () {
  var source = document.getElementById("trend-data");
  var canvas = document.getElementById("trend-chart");
  if (!source || !canvas || !window.Chart) return;
  var trend = JSON.parse(source.textContent);
  var colours = ["#b71c1c", "#1565c0", "#2e7d32"];
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: trend.months,
      datasets: trend.series.map(function (s, i) {
        return { label: s.label, data: s.values, borderColor: colours[i % colours.length],
                 backgroundColor: colours[i % colours.length], spanGaps: true, tension: 0.2 };
      })
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
      plugins: { tooltip: { callbacks: { label: function (c) {
        return c.dataset.label + ": " + String(c.parsed.y).replace(".", ",") + "%"; } } } }
    }
  });
})();
