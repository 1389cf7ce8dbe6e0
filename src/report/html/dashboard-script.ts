/**
 * The page's own script: reads the chart data from the `dashboard-data` JSON block and draws
 * three uPlot charts per scenario (latency with threshold lines, price with drawdown, position
 * with equity), fault windows shaded behind the series, and the trend of decision p99 over the
 * last runs from the `trend-data` block. Plain ES2020, no network, no `eval`.
 */
export const DASHBOARD_SCRIPT = `
(function () {
  'use strict';
  var source = document.getElementById('dashboard-data');
  if (!source || typeof uPlot !== 'function') return;
  var scenarios = JSON.parse(source.textContent || '[]');
  var FAULT_FILL = 'rgba(220, 120, 0, 0.18)';

  function shadeFaults(faults) {
    return function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.fillStyle = FAULT_FILL;
      faults.forEach(function (f) {
        var x0 = u.valToPos(f.startS, 'x', true);
        var x1 = u.valToPos(f.endS, 'x', true);
        var left = Math.max(u.bbox.left, Math.min(x0, x1));
        var right = Math.min(u.bbox.left + u.bbox.width, Math.max(x0, x1));
        if (right > left) ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
      });
      ctx.restore();
    };
  }

  function draw(target, s, series, data, axes, scales) {
    var el = document.getElementById(s.id + '-' + target);
    if (!el) return;
    var width = Math.max(320, Math.min(1100, el.clientWidth || 800));
    new uPlot({
      width: width,
      height: 220,
      scales: Object.assign({ x: { time: false } }, scales || {}),
      series: [{ label: 'time (s)' }].concat(series),
      axes: axes,
      hooks: { drawClear: [shadeFaults(s.faults)] },
      legend: { live: false }
    }, [s.seconds].concat(data), el);
  }

  var trendSource = document.getElementById('trend-data');
  var trend = trendSource ? JSON.parse(trendSource.textContent || 'null') : null;
  var trendEl = document.getElementById('trend-chart');
  var PALETTE = ['#8e44ad', '#2a7ab0', '#16a085', '#d35400', '#c0392b', '#2c3e50', '#7f8c8d', '#b9770e', '#1e8449'];
  if (trend && trendEl && trend.run.length > 0) {
    new uPlot({
      width: Math.max(320, Math.min(1100, trendEl.clientWidth || 800)),
      height: 240,
      scales: { x: { time: false }, y: { range: function (u, min, max) { return [0, Math.max(0.1, max * 1.1)]; } } },
      series: [{ label: 'run' }].concat(trend.series.map(function (s, i) {
        return { label: s.name + ' p99 (ms)', stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: false, points: { show: true, size: 5 } };
      })),
      axes: [{ label: 'run (oldest to newest)', incrs: [1, 2, 5, 10, 20, 50, 100] }, { label: 'decision p99 ms' }],
      legend: { live: false }
    }, [trend.run].concat(trend.series.map(function (s) { return s.p99Ms; })), trendEl);
  }

  scenarios.forEach(function (s) {
    var n = s.seconds.length;
    var latency = [
      { label: 'p50 (ms)', stroke: '#2a7ab0', width: 2 },
      { label: 'p99 (ms)', stroke: '#8e44ad', width: 2 },
      { label: 'max (ms)', stroke: '#999999', width: 1 }
    ];
    var latencyData = [s.p50Ms, s.p99Ms, s.maxMs];
    s.thresholds.forEach(function (t) {
      latency.push({ label: t.label, stroke: '#c0392b', width: 1, dash: [6, 4], points: { show: false } });
      latencyData.push(new Array(n).fill(t.valueMs));
    });
    draw('latency', s, latency, latencyData, [{ label: 'seconds' }, { label: 'ms' }], { y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } });
    draw('price', s, [
      { label: 'price', stroke: '#2c3e50', width: 2, scale: 'price' },
      { label: 'drawdown (%)', stroke: '#c0392b', width: 1, scale: 'pct', fill: 'rgba(192, 57, 43, 0.08)' }
    ], [s.price, s.drawdownPct], [
      { label: 'seconds' },
      { scale: 'price', label: 'price' },
      { scale: 'pct', side: 1, label: 'drawdown %', grid: { show: false } }
    ]);
    draw('book', s, [
      { label: 'position (qty)', stroke: '#16a085', width: 2, scale: 'qty' },
      { label: 'equity (USD)', stroke: '#d35400', width: 2, scale: 'usd' }
    ], [s.positionQty, s.equityUsd], [
      { label: 'seconds' },
      { scale: 'qty', label: 'qty' },
      { scale: 'usd', side: 1, label: 'USD', size: 80, grid: { show: false } }
    ]);
  });
})();
`
