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

  var HOUR_STEPS = [1, 2, 3, 6, 12, 24];
  var LABEL_PX = 64;

  /** Whole hours of the zone's clock between start and end, every `step` hours so that labels fit. */
  function hourSplits(zone, start, end, width) {
    var parts = formatter(zone, { hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    var hours = [];
    for (var t = Math.ceil(start / 900) * 900; t <= end; t += 900) {
      var p = parts.formatToParts(t * 1000);
      var hour = 0,
        minute = 0;
      for (var i = 0; i < p.length; i++) {
        if (p[i].type === 'hour') hour = Number(p[i].value);
        if (p[i].type === 'minute') minute = Number(p[i].value);
      }
      if (minute === 0) hours.push({ t: t, hour: hour });
    }
    var fit = Math.max(2, Math.floor(width / 48));
    var step =
      HOUR_STEPS.find(function (s) {
        return hours.length / s <= fit;
      }) || 24;
    return hours
      .filter(function (h) {
        return h.hour % step === 0;
      })
      .map(function (h) {
        return h.t;
      });
  }

  /** The buckets' own starts (local midnights or first days of months), thinned so that labels fit. */
  function bucketSplits(x, width) {
    var step = Math.max(1, Math.ceil(x.length / Math.max(2, Math.floor(width / LABEL_PX))));
    return x.filter(function (_, i) {
      return i % step === 0;
    });
  }

  function draw(el) {
    var kind = el.getAttribute('data-kind');
    var zone = el.getAttribute('data-zone');
    var series = JSON.parse(el.getAttribute('data-series'));
    var highlight = el.hasAttribute('data-highlight') ? JSON.parse(el.getAttribute('data-highlight')) : null;
    var points = series.points;
    var x = points.map(function (p) {
      return p.start;
    });
    var y = points.map(function (p) {
      return p.value;
    });
    if (kind === 'price' && points.length > 0) {
      // a step chart: the last price holds to the end of its interval
      x.push(points[points.length - 1].end);
      y.push(points[points.length - 1].value);
    }
    var label = formatter(zone, SHAPES[kind]);
    var state = (charts[el.id] = {
      kind: kind,
      zone: zone,
      x: x,
      y: y,
      xLabels: [],
      xSplits: [],
      highlight: highlight,
    });
    var width = Math.max(280, el.clientWidth);
    var isPrice = kind === 'price';
    var opts = {
      width: width,
      height: isPrice ? 260 : 200,
      legend: { show: false },
      cursor: { show: isPrice, drag: { x: false, y: false } },
      scales: {
        // costs: from the first bucket with records, so that a year with one month of records is readable
        x: { time: false, range: [isPrice || x.length === 0 ? series.start : x[0], series.end] },
        y: isPrice
          ? {}
          : {
              range: function (u, min, max) {
                return [0, max > 0 ? max * 1.1 : 1];
              },
            },
      },
      axes: [
        {
          stroke: '#333',
          // ticks on the location's clock, computed here rather than by uPlot in the browser's zone
          splits: function (u) {
            var w = u.bbox.width / (window.devicePixelRatio || 1);
            return isPrice ? hourSplits(zone, series.start, series.end, w) : bucketSplits(x, w);
          },
          values: function (u, splits) {
            var labels = splits.map(function (s) {
              return label.format(s * 1000);
            });
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
          : {
              stroke: '#1f4e99',
              fill: 'rgba(31,78,153,0.55)',
              paths: uPlot.paths.bars({ size: [0.8, 60], align: 1 }),
              points: { show: false },
            },
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
