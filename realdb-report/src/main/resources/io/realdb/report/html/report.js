(function () {
  'use strict';
  var started = performance.now();
  var body = document.body;
  var errors = [];
  var live = [];

  // The page records what it drew and what went wrong, so that a browser test can read it from the DOM.
  function recordError(text) {
    errors.push(String(text));
    var pre = document.getElementById('realdb-errors');
    pre.textContent = errors.join('\n');
    pre.hidden = false;
    body.setAttribute('data-errors', String(errors.length));
  }
  window.onerror = function (message, source, line, column) {
    recordError(message + ' (line ' + line + ', column ' + column + ')');
  };
  window.addEventListener('unhandledrejection', function (event) {
    recordError('unhandled rejection: ' + event.reason);
  });

  function publish() {
    body.setAttribute('data-charts', String(live.length));
    body.setAttribute('data-series', String(live.reduce(function (sum, c) { return sum + c.series; }, 0)));
  }

  function draw(element, option) {
    var chart = echarts.init(element, null, { renderer: 'canvas' });
    chart.setOption(option);
    var entry = { chart: chart, series: option.series.length };
    live.push(entry);
    publish();
    return entry;
  }

  function release(entry) {
    entry.chart.dispose();
    live.splice(live.indexOf(entry), 1);
    publish();
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function count(value) {
    return value === null || value === undefined ? '–' : Number(value).toLocaleString('en-US');
  }

  function seconds(value) {
    if (value === null || value === undefined) { return '–'; }
    if (value < 60) { return value.toFixed(value < 10 ? 2 : 1) + ' s'; }
    var whole = Math.round(value);
    return Math.floor(whole / 60) + 'm ' + String(whole % 60).padStart(2, '0') + 's';
  }

  function when(millis) {
    return new Date(millis).toISOString().slice(0, 16).replace('T', ' ');
  }

  function runsText(step) {
    var text = step.runs + (step.runs === 1 ? ' run' : ' runs');
    return step.shown < step.runs ? text + ', ' + step.shown + ' shown' : text;
  }

  var data = JSON.parse(document.getElementById('realdb-data').textContent);
  var pagers = [];

  data.sections.forEach(function (section, s) {
    var pager = document.querySelector('.pager[data-section="' + s + '"]');
    var box = document.querySelector('.trends[data-section="' + s + '"]');
    var prev = pager.querySelector('.prev');
    var next = pager.querySelector('.next');
    var only = pager.querySelector('.only-findings');
    var state = { page: 0, charts: [] };

    function visible() {
      return section.steps.filter(function (step) { return !only.checked || step.findings.length > 0; });
    }

    function render() {
      state.charts.forEach(release);
      state.charts = [];
      box.textContent = '';
      var steps = visible();
      var pages = Math.max(1, Math.ceil(steps.length / data.pageSize));
      state.page = Math.max(0, Math.min(state.page, pages - 1));
      var from = state.page * data.pageSize;
      var slice = steps.slice(from, from + data.pageSize);
      pager.querySelector('.pages').textContent = steps.length === 0 ? 'no steps'
        : 'steps ' + (from + 1) + '–' + (from + slice.length) + ' of ' + steps.length;
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      slice.forEach(function (step) {
        var card = el('div', step.findings.length ? 'card flagged' : 'card');
        var head = el('div', 'card-head');
        head.appendChild(el('b', null, step.key.replace('->', ' → ')));
        head.appendChild(el('span', 'phase', step.phases));
        head.appendChild(el('span', 'count', runsText(step)));
        if (step.findings.length) { head.appendChild(el('span', 'flag', step.findings.join(', '))); }
        var button = el('button', null, 'history');
        button.type = 'button';
        button.addEventListener('click', function () { openDrill(s, step.key); });
        head.appendChild(button);
        card.appendChild(head);
        var chart = el('div', 'chart');
        card.appendChild(chart);
        box.appendChild(card);
        state.charts.push(draw(chart, step.option));
      });
    }

    prev.addEventListener('click', function () { state.page--; render(); });
    next.addEventListener('click', function () { state.page++; render(); });
    only.addEventListener('change', function () { state.page = 0; render(); });
    render();
    pagers.push({ next: next, render: render, state: state });

    var table = document.querySelector('table.steps[data-section="' + s + '"]');
    if (table) {
      table.addEventListener('click', function (event) {
        var row = event.target.closest('tr[data-key]');
        if (row) { openDrill(s, row.getAttribute('data-key')); }
      });
    }
    document.querySelectorAll('#run-' + s + ' .drill-link').forEach(function (link) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        openDrill(s, link.getAttribute('data-key'));
      });
    });
  });

  var drill = document.getElementById('drill');
  var drillChart = null;

  function openDrill(s, key) {
    var section = data.sections[s];
    var step = section.steps.find(function (st) { return st.key === key; });
    if (!step) { return; }
    document.getElementById('drill-title').textContent =
      'Migration ' + key.replace('->', ' → ') + ' on ' + section.dataset;
    document.getElementById('drill-note').textContent = runsText(step) + ' of ' + section.dataset
      + (step.phases ? ' · in this run: ' + step.phases : '');
    drill.hidden = false;
    if (drillChart) { release(drillChart); }
    drillChart = draw(document.getElementById('drill-chart'), step.option);
    fillRuns(section, step);
  }

  function fillRuns(section, step) {
    var table = document.getElementById('drill-runs');
    table.textContent = '';
    var set = step.option.dataset[0];
    var at = {};
    set.dimensions.forEach(function (name, i) { at[name] = i; });
    var again = set.source.some(function (row) {
      return row[at.durationAgain] !== null || row[at.rowsReadAgain] !== null || row[at.rowsChangedAgain] !== null;
    });
    var probed = set.source.some(function (row) {
      return row[at.writeBlocked] !== null || row[at.readBlocked] !== null;
    });
    var head = el('tr');
    var titles = ['when', 'build', 'verdict', 'duration', 'rows read', 'rows changed'];
    if (probed) { titles = titles.concat(['writes blocked', 'reads blocked']); }
    if (again) { titles = titles.concat(['again: duration', 'rows read', 'rows changed']); }
    titles.forEach(function (title, i) { head.appendChild(el('th', i >= 3 ? 'num' : null, title)); });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = el('tbody');
    set.source.slice().reverse().slice(0, 200).forEach(function (row) {
      var run = section.runs[row[at.run]] || {};
      var tr = el('tr', run.thisRun ? 'this-run' : null);
      tr.appendChild(el('td', null, when(row[at.time]) + (run.thisRun ? ' (this run)' : '')));
      var build = el('td');
      if (run.url && /^https?:\/\//.test(run.url)) {
        var link = el('a', null, run.build || run.url);
        link.href = run.url;
        build.appendChild(link);
      } else {
        build.textContent = run.build || (run.sample ? 'sample' : '–');
      }
      tr.appendChild(build);
      tr.appendChild(el('td', null, run.verdict || ''));
      var cells = [seconds(row[at.duration]), count(row[at.rowsRead]), count(row[at.rowsChanged])];
      if (probed) {
        cells = cells.concat([seconds(row[at.writeBlocked]), seconds(row[at.readBlocked])]);
      }
      if (again) {
        cells = cells.concat([seconds(row[at.durationAgain]), count(row[at.rowsReadAgain]), count(row[at.rowsChangedAgain])]);
      }
      cells.forEach(function (text) { tr.appendChild(el('td', 'num', text)); });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
  }

  function closeDrill() {
    drill.hidden = true;
    if (drillChart) { release(drillChart); drillChart = null; }
  }
  drill.querySelector('.close').addEventListener('click', closeDrill);
  drill.addEventListener('click', function (event) { if (event.target === drill) { closeDrill(); } });
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') { closeDrill(); } });

  if (data.comparison) {
    draw(document.getElementById('comparison-chart'), data.comparison);
  }

  var resizing = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { live.forEach(function (entry) { entry.chart.resize(); }); }, 100);
  });

  body.setAttribute('data-render-ms', String(Math.round(performance.now() - started)));

  // #step=151->152 (or #step=DATASET:151->152) opens that step's history: a link a review can carry.
  var wanted = /^#step=(.+)$/.exec(location.hash);
  if (wanted) {
    var target = decodeURIComponent(wanted[1]);
    var colon = target.lastIndexOf(':');
    var onDataset = colon > 0 ? target.slice(0, colon) : null;
    var key = colon > 0 ? target.slice(colon + 1) : target;
    var index = data.sections.findIndex(function (section) {
      return (onDataset === null || section.dataset === onDataset)
        && section.steps.some(function (step) { return step.key === key; });
    });
    if (index >= 0) { openDrill(index, key); }
  }

  // With #measure in the address, the page times what a reader does: turning every page of the
  // first run's trends, and opening a step's history. The benchmark reads the figures from the DOM.
  if (location.hash === '#measure' && pagers.length > 0) {
    var pager = pagers[0];
    var times = [];
    while (!pager.next.disabled) {
      var t0 = performance.now();
      pager.next.click();
      times.push(performance.now() - t0);
    }
    var sum = times.reduce(function (a, b) { return a + b; }, 0);
    body.setAttribute('data-pages', String(times.length + 1));
    body.setAttribute('data-page-ms-mean', String(times.length ? Math.round(sum / times.length) : 0));
    body.setAttribute('data-page-ms-max', String(Math.round(Math.max.apply(null, times.concat([0])))));
    if (data.sections[0].steps.length > 0) {
      var t1 = performance.now();
      openDrill(0, data.sections[0].steps[0].key);
      body.setAttribute('data-drill-ms', String(Math.round(performance.now() - t1)));
      closeDrill();
    }
  }
})();
