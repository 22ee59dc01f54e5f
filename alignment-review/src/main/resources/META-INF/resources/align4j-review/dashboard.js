// align4j review: the lead's dashboard. Plain JavaScript served from the jar; no inline script or style (the CSP
// forbids both), every piece of data inserted with textContent or as an SVG attribute, never as markup.
'use strict';

(function () {
  // The UI strings come from the server's resource bundles (GET /api/i18n, the reviewer page's mechanism; the
  // dashboard's keys start with "dashboard.", a few are shared with the reviewer page).
  const SVG = 'http://www.w3.org/2000/svg';
  const LANGS = ['en', 'ja'];
  let lang = 'en';
  let strings = {};
  let csrf = null;
  let last = null; // the last data loaded, re-rendered on a language switch
  // what the lead has set up but not yet sent, per task id (a ranking's order, a rating's scores): kept across
  // re-renders (a refresh, a language switch)
  const drafts = new Map();

  const $ = (id) => document.getElementById(id);
  function has(key) { return Object.prototype.hasOwnProperty.call(strings, key); }
  function t(key, ...args) {
    const s = has(key) ? strings[key] : key;
    return s.replace(/\{(\d+)\}/g, (m, i) => (args[i] === undefined ? m : String(args[i])));
  }
  async function setLanguage(l) {
    const r = await fetch('/api/i18n?lang=' + encodeURIComponent(l), { credentials: 'same-origin' });
    if (!r.ok) { throw new Error('HTTP ' + r.status); }
    strings = (await r.json()).strings;
    lang = l;
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, String(v)));
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  function fixed(x, digits) { return x === null || x === undefined ? '—' : Number(x).toFixed(digits); }
  function percent(x) { return x === null || x === undefined ? '—' : (100 * x).toFixed(1) + '%'; }
  function status(text, error) {
    $('status').textContent = text || '';
    $('status').classList.toggle('error', Boolean(error));
  }

  async function api(method, path, body) {
    const init = { method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && csrf) { init.headers['X-CSRF-Token'] = csrf; }
    const r = await fetch(path, init);
    const data = r.status === 204 ? null : await r.json().catch(() => null);
    if (!r.ok) {
      const e = new Error((data && data.error) || ('HTTP ' + r.status));
      e.status = r.status;
      throw e;
    }
    return data;
  }

  function table(headers, rows) {
    const tbl = el('table');
    const head = tbl.createTHead().insertRow();
    headers.forEach((h) => head.appendChild(el('th', h)));
    const body = tbl.createTBody();
    rows.forEach((cells) => {
      const tr = body.insertRow();
      cells.forEach((c) => tr.appendChild(c));
    });
    return tbl;
  }
  function cell(text, cls) { return el('td', text, cls); }
  function replace(id, node) { const box = $(id); box.replaceChildren(node); }

  function staticTexts() {
    document.documentElement.lang = lang;
    document.title = t('dashboard.title');
    document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
    $('lang').value = lang;
  }

  // ---- sections

  function renderThroughput(stats) {
    const rows = stats.reviewers.map((r) => [cell(r.name), cell(r.role), cell(r.submissions, 'num'),
      cell(r.today, 'num'), cell(r.lastHour, 'num')]);
    const box = el('div');
    box.appendChild(table([t('dashboard.reviewer'), t('dashboard.role'), t('dashboard.submissions'),
      t('dashboard.today'), t('dashboard.lastHour')], rows));
    box.appendChild(el('p', t('dashboard.items', stats.items.pending, stats.items.completed,
      stats.items.minSubmitted), 'note'));
    replace('throughput', box);
  }

  function renderGold(stats) {
    const body = stats.reviewers.filter((r) => r.goldAnswered > 0 || r.role === 'REVIEWER');
    const rows = body.map((r) => {
      const acc = cell(percent(r.goldAccuracy), 'num gold-accuracy');
      if (r.flagged) { acc.appendChild(el('span', t('dashboard.flagged'), 'flag')); }
      const name = cell(r.name, 'gold-reviewer');
      return [name, cell(r.goldAnswered, 'num'), cell(r.goldCorrect, 'num'), acc];
    });
    const tbl = table([t('dashboard.reviewer'), t('dashboard.goldAnswered'), t('dashboard.goldCorrect'),
      t('dashboard.accuracy')], rows);
    Array.from(tbl.tBodies[0].rows).forEach((tr, i) => {
      tr.dataset.reviewer = body[i].name;
      if (body[i].flagged) { tr.classList.add('flagged'); }
    });
    replace('gold', tbl);
  }

  function agreementRow(kind, measure, ci, units) {
    const none = ci.estimate === null;
    const range = none ? (ci.reason || '') : '[' + fixed(ci.lower, 3) + ', ' + fixed(ci.upper, 3) + ']';
    return [cell(kind), cell(measure), cell(none ? '—' : fixed(ci.estimate, 3), 'num estimate'), cell(range, 'num'),
      cell(units, 'num')];
  }

  function renderAgreement(stats) {
    const rows = [];
    const keys = [];
    Object.entries(stats.agreement || {}).forEach(([kind, a]) => {
      (a.cohenKappa || []).forEach((c) => {
        rows.push(agreementRow(kind, t('dashboard.cohen') + ' (' + c.a + ' – ' + c.b + ')', c.kappa, c.units));
        keys.push(kind + ':cohen:' + c.a + ':' + c.b);
      });
      if (a.fleissKappa) {
        rows.push(agreementRow(kind, t('dashboard.fleiss'), a.fleissKappa, a.units));
        keys.push(kind + ':fleiss');
      }
      if (a.krippendorffAlpha) {
        rows.push(agreementRow(kind, t('dashboard.alpha'), a.krippendorffAlpha, a.units));
        keys.push(kind + ':alpha');
      }
    });
    if (rows.length === 0) { replace('agreement', el('p', t('dashboard.noAgreement'), 'note')); return; }
    const tbl = table([t('dashboard.kind'), t('dashboard.measure'), t('dashboard.estimate'),
      t('dashboard.interval'), t('dashboard.units')], rows);
    Array.from(tbl.tBodies[0].rows).forEach((tr, i) => { tr.dataset.measure = keys[i]; });
    replace('agreement', tbl);
  }

  // ---- disagreements and the lead's adjudication: one control per task kind, every text through textContent

  function draft(taskId) {
    if (!drafts.has(taskId)) { drafts.set(taskId, { ranking: null, scores: {}, steps: {} }); }
    return drafts.get(taskId);
  }
  function candidateText(item, index) {
    const c = (item.candidates || []).find((x) => x.index === index);
    return c ? c.text : '#' + index;
  }
  function button(label, onClick, cls) {
    const b = el('button', label, cls);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function renderDisagreements(dis) {
    const open = (dis.items || []).filter((x) => !x.completed);
    Array.from(drafts.keys()).forEach((id) => { if (!open.some((x) => x.taskId === id)) { drafts.delete(id); } });
    if (open.length === 0) { replace('disagreements', el('p', t('dashboard.noDisagreements'), 'note')); return; }
    const list = el('div');
    open.forEach((item) => list.appendChild(disagreement(item)));
    replace('disagreements', list);
  }

  function disagreement(item) {
    const box = el('div', null, 'disagreement');
    box.dataset.task = item.taskId;
    box.dataset.kind = item.kind;
    box.appendChild(el('strong', item.taskId + ' · ' + item.kind));
    const ul = el('ul', null, 'answers');
    item.answers.forEach((a) => ul.appendChild(el('li', a.reviewer + ': ' + JSON.stringify(a.answer))));
    box.appendChild(ul);
    // the dashboard shows the candidates in the request's order, so that is the order it sends
    const k = item.candidates ? item.candidates.length : (item.answers.length ? item.answers[0].order.length : 2);
    const order = Array.from({ length: k }, (_, i) => i);
    box.appendChild(conversation(item));
    if (item.kind === 'PAIRWISE') {
      const cs = el('ul', null, 'candidates');
      ['A', 'B'].forEach((name, i) => cs.appendChild(el('li', name + ': ' + candidateText(item, i))));
      box.appendChild(cs);
      box.appendChild(buttons(item, order, [['A', { outcome: 'A' }], ['B', { outcome: 'B' }],
        [t('pairwise.tie'), { outcome: 'TIE' }], [t('pairwise.bothBad'), { outcome: 'BOTH_BAD' }]]));
    } else if (item.kind === 'BINARY') {
      box.appendChild(el('p', candidateText(item, 0), 'candidate'));
      box.appendChild(buttons(item, order,
        [[t('binary.good'), { desirable: true }], [t('binary.bad'), { desirable: false }]]));
    } else if (item.kind === 'RANKING') {
      box.appendChild(rankingControl(item, order));
    } else if (item.kind === 'RATING') {
      box.appendChild(el('p', candidateText(item, 0), 'candidate'));
      box.appendChild(ratingControl(item, order));
    }
    return box;
  }

  function buttons(item, order, choices) {
    const actions = el('div', null, 'actions');
    actions.appendChild(el('span', t('dashboard.adjudicate')));
    choices.forEach(([label, answer]) => actions.appendChild(button(label, () => {
      const a = withSteps(item, answer);
      if (a) { adjudicate(item.taskId, order, a); }
    })));
    return actions;
  }

  // The prompt's turns; in an agent trace (a binary or rating item with assistant turns) each assistant turn is a
  // step with an optional 1-5 rating (all steps or none, as the API wants).
  function conversation(item) {
    const box = el('div', null, 'conversation');
    const trace = item.steps > 0 && (item.kind === 'BINARY' || item.kind === 'RATING');
    if (trace) { box.appendChild(el('p', t('dashboard.traceNote'), 'note')); }
    let step = 0;
    (item.prompt || []).forEach((m) => {
      const who = has('role.' + m.role) ? t('role.' + m.role) : m.role;
      const turn = el('div', null, 'turn');
      const s = m.role === 'assistant' && trace ? step++ : -1;
      turn.appendChild(el('span', s >= 0 ? t('trace.step', s + 1) + ' · ' + who : who, 'who'));
      turn.appendChild(el('span', m.content, 'content'));
      box.appendChild(turn);
      if (s >= 0) { box.appendChild(stepRow(item, s)); }
    });
    return box;
  }

  function stepRow(item, s) {
    const d = draft(item.taskId);
    const row = el('div', null, 'criterion step-rating');
    row.dataset.step = String(s);
    row.appendChild(el('span', t('trace.stepRating'), 'name'));
    for (let v = 1; v <= 5; v++) {
      const b = button(String(v), () => {
        d.steps[s] = d.steps[s] === v ? undefined : v; // a second click clears it
        row.querySelectorAll('button').forEach((x) => press(x, Number(x.dataset.value) === d.steps[s]));
      });
      b.dataset.value = String(v);
      press(b, d.steps[s] === v);
      row.appendChild(b);
    }
    return row;
  }

  function press(b, on) {
    b.classList.toggle('selected', on);
    b.setAttribute('aria-pressed', String(on));
  }

  // The answer with the trace's step ratings added, or null (with a message) when only some steps are rated.
  function withSteps(item, answer) {
    const d = draft(item.taskId);
    const n = item.steps > 0 && (item.kind === 'BINARY' || item.kind === 'RATING') ? item.steps : 0;
    const rated = Array.from({ length: n }, (_, i) => d.steps[i]).filter((v) => v !== undefined);
    if (rated.length === 0) { return answer; }
    if (rated.length < n) { status(t('error.stepsIncomplete'), true); return null; }
    return Object.assign({}, answer, { steps: rated.map((rating) => ({ rating, tags: [] })) });
  }

  // A ranking: the candidates as a list, best on top; ↑ / ↓ buttons, or the keyboard on a focused entry (j / k move
  // the focus, Shift+J / Shift+K move the entry), as on the reviewer page.
  function rankingControl(item, order) {
    const d = draft(item.taskId);
    if (!d.ranking) { d.ranking = order.slice(); }
    const wrap = el('div', null, 'adjudicate-ranking');
    wrap.appendChild(el('p', t('dashboard.rankingHint'), 'note'));
    const ol = el('ol', null, 'ranking');
    d.ranking.forEach((index, pos) => {
      const li = el('li');
      li.tabIndex = 0;
      li.dataset.index = String(index);
      li.appendChild(el('span', '#' + (pos + 1), 'pos'));
      li.appendChild(el('span', candidateText(item, index), 'text'));
      const up = button('↑', () => moveRank(item, pos, -1), 'move-up');
      up.title = t('ranking.up');
      up.setAttribute('aria-label', t('ranking.up'));
      const down = button('↓', () => moveRank(item, pos, 1), 'move-down');
      down.title = t('ranking.down');
      down.setAttribute('aria-label', t('ranking.down'));
      li.appendChild(up);
      li.appendChild(down);
      li.addEventListener('keydown', (e) => {
        if (e.target !== li || e.ctrlKey || e.metaKey || e.altKey) { return; }
        if (e.key === 'J' || e.key === 'K') {
          moveRank(item, pos, e.key === 'J' ? 1 : -1);
        } else if (e.key === 'j' || e.key === 'k') {
          const next = ol.children[pos + (e.key === 'j' ? 1 : -1)];
          if (next) { next.focus(); }
        } else {
          return;
        }
        e.preventDefault();
      });
      ol.appendChild(li);
    });
    wrap.appendChild(ol);
    const actions = el('div', null, 'actions');
    actions.appendChild(button(t('dashboard.settleRanking'),
      () => adjudicate(item.taskId, order, { ranking: d.ranking.slice() }), 'settle'));
    wrap.appendChild(actions);
    return wrap;
  }

  function moveRank(item, pos, delta) {
    const r = draft(item.taskId).ranking;
    const to = pos + delta;
    if (to < 0 || to >= r.length) { return; }
    const [moved] = r.splice(pos, 1);
    r.splice(to, 0, moved);
    const box = document.querySelector('#disagreements [data-task="' + CSS.escape(item.taskId) + '"]');
    if (!box) { return; }
    const fresh = disagreement(item);
    box.replaceWith(fresh);
    const li = fresh.querySelector('.ranking li[data-index="' + moved + '"]');
    if (li) { li.focus(); }
  }

  // A rating: one row per rubric criterion with a button per value of the task's scale (a Likert choice).
  function ratingControl(item, order) {
    const d = draft(item.taskId);
    const wrap = el('div', null, 'adjudicate-rating');
    wrap.appendChild(el('p', t('dashboard.ratingHint'), 'note'));
    const criteria = item.rubric || [];
    const scale = item.scale || { min: 1, max: 5 };
    criteria.forEach((c) => {
      const row = el('div', null, 'criterion');
      row.dataset.criterion = c;
      // a criterion the bundles do not name (a custom rubric) shows as itself
      row.appendChild(el('span', has('criterion.' + c) ? t('criterion.' + c) : c, 'name'));
      for (let v = scale.min; v <= scale.max; v++) {
        const b = button(String(v), () => {
          d.scores[c] = v;
          row.querySelectorAll('button').forEach((x) => press(x, Number(x.dataset.value) === v));
        });
        b.dataset.value = String(v);
        press(b, d.scores[c] === v);
        row.appendChild(b);
      }
      wrap.appendChild(row);
    });
    const actions = el('div', null, 'actions');
    actions.appendChild(button(t('dashboard.settleRating'), () => {
      if (criteria.some((c) => d.scores[c] === undefined)) { status(t('dashboard.incomplete'), true); return; }
      const scores = {};
      criteria.forEach((c) => { scores[c] = d.scores[c]; });
      const a = withSteps(item, { scores });
      if (a) { adjudicate(item.taskId, order, a); }
    }, 'settle'));
    wrap.appendChild(actions);
    return wrap;
  }

  async function adjudicate(taskId, order, answer) {
    try {
      await api('POST', '/api/lead/adjudications', { taskId, order, answer });
      drafts.delete(taskId);
      status(t('dashboard.adjudicated', taskId));
      await load();
    } catch (e) {
      status(t('dashboard.adjudicateFailed', e.message), true);
    }
  }

  // ---- the hand-over chart: inline SVG, no library

  function renderHandover(h) {
    $('handover-note').textContent = t('dashboard.handoverNote', h.bucketSize);
    const bs = h.buckets || [];
    if (bs.length === 0) { replace('handover-chart', el('p', t('dashboard.noHandover'), 'note')); return; }
    const W = 720; const H = 300; const L = 56; const R = 28; const T = 36; const B = 48;
    const pw = W - L - R; const ph = H - T - B;
    const n = bs.length;
    const x = (i) => L + (n === 1 ? pw / 2 : (i * pw) / (n - 1));
    const y = (v) => T + ph * (1 - v);
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'chart', role: 'img', id: 'handover-svg' });
    root.appendChild(svg('title', {}, t('dashboard.handover')));
    [0, 0.25, 0.5, 0.75, 1].forEach((v) => {
      root.appendChild(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }));
      root.appendChild(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, (v * 100) + '%'));
    });
    root.appendChild(svg('line', { x1: L, x2: L, y1: T, y2: T + ph, class: 'axis' }));
    // audits: bars on the bottom fifth, scaled to the largest count
    const maxAudits = Math.max(1, ...bs.map((b) => b.audits));
    const bw = Math.max(3, Math.min(18, pw / (2 * n)));
    bs.forEach((b, i) => {
      if (b.audits > 0) {
        const hgt = (ph / 5) * (b.audits / maxAudits);
        const bar = svg('rect', { x: x(i) - bw / 2, y: T + ph - hgt, width: bw, height: hgt, class: 'audit' });
        bar.appendChild(svg('title', {}, t('dashboard.auditLegend') + ': ' + b.audits));
        root.appendChild(bar);
        root.appendChild(svg('text', { x: x(i), y: T + ph - hgt - 3, 'text-anchor': 'middle', class: 'tick' },
          b.audits));
      }
    });
    // agreement band and line, in runs of buckets that have compared pairs
    const runs = [];
    let run = [];
    bs.forEach((b, i) => {
      if (b.agreement === null) { if (run.length) { runs.push(run); run = []; } } else { run.push(i); }
    });
    if (run.length) { runs.push(run); }
    runs.forEach((r) => {
      const upper = r.map((i) => x(i) + ',' + y(bs[i].agreementHigh));
      const lower = r.slice().reverse().map((i) => x(i) + ',' + y(bs[i].agreementLow));
      root.appendChild(svg('polygon', { points: upper.concat(lower).join(' '), class: 'band' }));
      root.appendChild(svg('polyline', { points: r.map((i) => x(i) + ',' + y(bs[i].agreement)).join(' '),
        class: 'line-agreement' }));
    });
    const aiPoints = bs.map((b, i) => x(i) + ',' + y(b.aiShare)).join(' ');
    root.appendChild(svg('polyline', { points: aiPoints, class: 'line-ai' }));
    bs.forEach((b, i) => {
      if (b.agreement !== null) {
        const c = svg('circle', { cx: x(i), cy: y(b.agreement), r: 4, class: 'pt-agreement' });
        c.appendChild(svg('title', {}, t('dashboard.agreementLegend') + ': ' + percent(b.agreement) + ' [' +
          percent(b.agreementLow) + ', ' + percent(b.agreementHigh) + '], n = ' + b.compared));
        root.appendChild(c);
      }
      const a = svg('rect', { x: x(i) - 3.5, y: y(b.aiShare) - 3.5, width: 7, height: 7, class: 'pt-ai' });
      const share = percent(b.aiShare) + ' (' + b.aiOnly + ' / ' + b.items + ')';
      a.appendChild(svg('title', {}, t('dashboard.aiLegend') + ': ' + share));
      root.appendChild(a);
    });
    // x ticks: first, middle, last bucket numbers
    Array.from(new Set([0, Math.floor((n - 1) / 2), n - 1])).forEach((i) => {
      root.appendChild(svg('text', { x: x(i), y: T + ph + 16, 'text-anchor': 'middle', class: 'tick' }, i + 1));
    });
    root.appendChild(svg('text', { x: L + pw / 2, y: H - 10, 'text-anchor': 'middle', class: 'axis-label' },
      t('dashboard.bucketAxis', h.bucketSize)));
    root.appendChild(svg('text', { x: 14, y: T + ph / 2, 'text-anchor': 'middle', class: 'axis-label',
      transform: 'rotate(-90 14 ' + (T + ph / 2) + ')' }, t('dashboard.shareAxis')));
    // legend
    let lx = L;
    [['legend-agreement', t('dashboard.agreementLegend')], ['legend-ai', t('dashboard.aiLegend')],
      ['legend-audit', t('dashboard.auditLegend')]]
      .forEach(([cls, label]) => {
        root.appendChild(svg('rect', { x: lx, y: 10, width: 12, height: 12, class: cls }));
        const tx = svg('text', { x: lx + 16, y: 20, class: 'legend' }, label);
        root.appendChild(tx);
        lx += 30 + label.length * 7;
      });
    replace('handover-chart', root);
  }

  // ---- loading

  function render() {
    staticTexts();
    if (!last) { return; }
    renderHandover(last.handover);
    renderThroughput(last.stats);
    renderGold(last.stats);
    renderAgreement(last.stats);
    renderDisagreements(last.disagreements);
  }

  async function load() {
    try {
      const [stats, disagreements, handover] = await Promise.all([
        api('GET', '/api/lead/stats'), api('GET', '/api/lead/disagreements'), api('GET', '/api/lead/handover')]);
      last = { stats, disagreements, handover };
      render();
      document.body.dataset.loaded = 'true';
    } catch (e) {
      status(t('dashboard.loadFailed', e.message), true);
    }
  }

  function showLogin() {
    $('login').hidden = false;
    $('dashboard').hidden = true;
    $('logout').hidden = true;
    $('refresh').hidden = true;
  }

  async function enter(session) {
    csrf = session.csrfToken;
    if (session.role !== 'LEAD') { status(t('dashboard.notLead'), true); showLogin(); return; }
    status('');
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('logout').hidden = false;
    $('refresh').hidden = false;
    await load();
  }

  async function start() {
    let saved = null;
    try { saved = localStorage.getItem('align4j.dashboard.lang'); } catch (e) { /* not remembered */ }
    const wanted = saved || (navigator.language || 'en').slice(0, 2);
    try {
      await setLanguage(LANGS.includes(wanted) ? wanted : 'en');
    } catch (e) {
      status('/api/i18n: ' + e.message, true);
    }
    staticTexts();
    $('lang').addEventListener('change', async () => {
      try {
        await setLanguage($('lang').value);
        try { localStorage.setItem('align4j.dashboard.lang', lang); } catch (e) { /* private mode: not remembered */ }
      } catch (e) {
        status('/api/i18n: ' + e.message, true);
        return;
      }
      render();
      document.body.dataset.lang = lang;
    });
    $('refresh').addEventListener('click', load);
    $('logout').addEventListener('click', async () => {
      try { await api('POST', '/api/logout', {}); } catch (e) { /* the session may have expired already */ }
      csrf = null; last = null; drafts.clear(); showLogin();
    });
    $('login').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const token = $('token').value;
        $('token').value = '';
        await enter(await api('POST', '/api/login', { token }));
      } catch (e) {
        status(t('dashboard.loginFailed', e.message), true);
      }
    });
    try {
      await enter(await api('GET', '/api/session'));
    } catch (e) {
      showLogin();
    }
  }

  document.addEventListener('DOMContentLoaded', start);
}());
