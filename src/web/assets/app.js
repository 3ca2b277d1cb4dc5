// Offpeak's own script: draws each chart of a page with uPlot, times on the LOCATION's clock
// (data-zone), never the browser's. Every chart's plotted data, axis labels and highlighted span
// are kept on window.offpeakCharts[id] so that tests (and curious people) can read them back.
(function () {
  'use strict';
  var charts = (window.offpeakCharts = {});

  function formatter(zone, options) {
    return new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: zone }, options));
  }

  var SHAPES = {
    price: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    day: { day: '2-digit', month: 'short' },
    month: { month: 'short', year: 'numeric' },
  };

  function draw(el) {
    var kind = el.getAttribute('data-kind');
    var zone = el.getAttribute('data-zone');
    var series = JSON.parse(el.getAttribute('data-series'));
    var highlight = el.hasAttribute('data-highlight') ? JSON.parse(el.getAttribute('data-highlight')) : null;
    var points = series.points;
    var x = points.map(function (p) { return p.start; });
    var y = points.map(function (p) { return p.value; });
    if (kind === 'price' && points.length > 0) {
      // a step chart: the last price holds to the end of its interval
      x.push(points[points.length - 1].end);
      y.push(points[points.length - 1].value);
    }
    var label = formatter(zone, SHAPES[kind]);
    var state = (charts[el.id] = { kind: kind, zone: zone, x: x, y: y, xLabels: [], xSplits: [], highlight: highlight });
    var width = Math.max(280, el.clientWidth);
    var isPrice = kind === 'price';
    var opts = {
      width: width,
      height: isPrice ? 260 : 200,
      legend: { show: false },
      cursor: { show: isPrice, drag: { x: false, y: false } },
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), zone); },
      scales: { x: { time: true, range: [series.start, series.end] } },
      axes: [
        {
          stroke: '#333',
          values: function (u, splits) {
            var labels = splits.map(function (s) { return label.format(s * 1000); });
            state.xSplits = splits.slice();
            state.xLabels = labels;
            return labels;
          },
        },
        { stroke: '#333', size: 60 },
      ],
      series: [
        {},
        isPrice
          ? { stroke: '#1f4e99', width: 2, paths: uPlot.paths.stepped({ align: 1 }) }
          : { stroke: '#1f4e99', fill: 'rgba(31,78,153,0.55)', paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } },
      ],
      hooks: {
        drawClear: [
          function (u) {
            if (!highlight) return;
            var left = u.valToPos(highlight.start, 'x', true);
            var right = u.valToPos(highlight.end, 'x', true);
            u.ctx.save();
            u.ctx.fillStyle = 'rgba(46,160,67,0.25)';
            u.ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
            u.ctx.restore();
            state.highlightPx = [left, right];
          },
        ],
      },
    };
    var plot = new uPlot(opts, [x, y], el);
    state.drawn = true;
    window.addEventListener('resize', function () {
      plot.setSize({ width: Math.max(280, el.clientWidth), height: opts.height });
    });
  }

  function start() {
    var els = document.querySelectorAll('.plot[data-series]');
    for (var i = 0; i < els.length; i++) draw(els[i]);
    document.documentElement.setAttribute('data-charts-ready', String(els.length));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
