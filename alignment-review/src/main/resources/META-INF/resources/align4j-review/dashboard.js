// align4j review: the lead's dashboard. Plain JavaScript served from the jar; no inline script or style (the CSP
// forbids both), every piece of data inserted with textContent or as an SVG attribute, never as markup.
'use strict';

(function () {
  // UI strings, one object per language. Kept here until they move to the resource bundles served at /api/i18n
  // (the reviewer page's bundles); the keys are meant to become bundle keys as they are.
  const STRINGS = {
    en: {
      title: 'align4j review: lead dashboard', language: 'Language', refresh: 'Refresh', logout: 'Log out',
      token: 'Token', login: 'Log in', loginFailed: 'Login refused: ', notLead: 'This page is for leads.',
      loadFailed: 'Could not load: ', handover: 'Hand-over to the AI judge',
      handoverNote: 'Per bucket of {n} completed items: AI share = items labelled by the AI alone; ' +
        'agreement = AI and human labels agreeing on audited and calibration items, with its 95% Wilson ' +
        'interval; bars = audits.',
      noHandover: 'No routed item has completed yet.', bucketAxis: 'bucket ({n} items each)', shareAxis: 'share',
      agreementLegend: 'AI–human agreement (95% band)', aiLegend: 'AI share', auditLegend: 'audits',
      throughput: 'Throughput per reviewer', reviewer: 'Reviewer', role: 'Role', submissions: 'Submissions',
      today: 'Today', lastHour: 'Last hour', gold: 'Gold accuracy per reviewer', goldAnswered: 'Gold answered',
      goldCorrect: 'Correct', accuracy: 'Accuracy', flagged: 'below threshold', agreement: 'Agreement per task kind',
      kind: 'Task kind', measure: 'Measure', estimate: 'Estimate', interval: 'Interval', units: 'Units',
      cohen: "Cohen's κ", fleiss: "Fleiss' κ", alpha: "Krippendorff's α",
      noAgreement: 'Not enough overlapping answers yet.',
      disagreements: 'Disagreements to adjudicate', noDisagreements: 'No open disagreement.',
      completed: 'completed', adjudicate: 'Settle as:', adjudicated: 'Settled: ', adjudicateFailed: 'Not settled: ',
      javaOnly: 'Settle rankings and ratings from Java (ReviewServer.submit).', yes: 'good', no: 'bad',
      items: 'Items: {p} pending, {c} completed (overlap {m})'
    },
    ja: {
      title: 'align4j レビュー: リードのダッシュボード', language: '言語', refresh: '更新', logout: 'ログアウト',
      token: 'トークン', login: 'ログイン', loginFailed: 'ログインできません: ', notLead: 'このページはリード専用です。',
      loadFailed: '読み込めません: ', handover: 'AI 評価者への引き継ぎ',
      handoverNote: '完了した {n} 件ごと: AI の割合 = AI だけがラベルを付けた件数の割合、一致率 = 監査・校正項目で AI と人の' +
        'ラベルが一致した割合 (95% Wilson 区間つき)、棒 = 監査件数。',
      noHandover: 'ルーターを通った項目はまだ完了していません。', bucketAxis: 'バケット (各 {n} 件)', shareAxis: '割合',
      agreementLegend: 'AI と人の一致率 (95% 区間)', aiLegend: 'AI の割合', auditLegend: '監査',
      throughput: 'レビュアーごとの処理量', reviewer: 'レビュアー', role: '役割', submissions: '回答数',
      today: '今日', lastHour: '直近 1 時間', gold: 'レビュアーごとのゴールド正答率', goldAnswered: 'ゴールド回答',
      goldCorrect: '正答', accuracy: '正答率', flagged: '基準未満', agreement: 'タスク種別ごとの一致度',
      kind: 'タスク種別', measure: '指標', estimate: '推定値', interval: '区間', units: '単位数',
      cohen: 'Cohen の κ', fleiss: 'Fleiss の κ', alpha: 'Krippendorff の α', noAgreement: '重なった回答がまだ足りません。',
      disagreements: '裁定が必要な不一致', noDisagreements: '未解決の不一致はありません。',
      completed: '完了', adjudicate: '裁定:', adjudicated: '裁定しました: ', adjudicateFailed: '裁定できません: ',
      javaOnly: '順位付けと評点の裁定は Java から (ReviewServer.submit)。', yes: '良い', no: '悪い',
      items: '項目: 未完了 {p}、完了 {c} (重複 {m})'
    }
  };
  const SVG = 'http://www.w3.org/2000/svg';
  let lang = (localStorage.getItem('align4j.dashboard.lang') || (navigator.language || 'en').slice(0, 2));
  if (!STRINGS[lang]) { lang = 'en'; }
  let csrf = null;
  let last = null; // the last data loaded, re-rendered on a language switch

  const $ = (id) => document.getElementById(id);
  function t(key, vars) {
    let s = STRINGS[lang][key] || STRINGS.en[key] || key;
    Object.entries(vars || {}).forEach(([k, v]) => { s = s.split('{' + k + '}').join(String(v)); });
    return s;
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
    document.title = t('title');
    $('title').textContent = t('title');
    $('lang-label').textContent = t('language');
    $('refresh').textContent = t('refresh');
    $('logout').textContent = t('logout');
    $('token-label').textContent = t('token');
    $('login-button').textContent = t('login');
    $('h-handover').textContent = t('handover');
    $('h-throughput').textContent = t('throughput');
    $('h-gold').textContent = t('gold');
    $('h-agreement').textContent = t('agreement');
    $('h-disagreements').textContent = t('disagreements');
    $('lang').value = lang;
  }

  // ---- sections

  function renderThroughput(stats) {
    const rows = stats.reviewers.map((r) => [cell(r.name), cell(r.role), cell(r.submissions, 'num'),
      cell(r.today, 'num'), cell(r.lastHour, 'num')]);
    const box = el('div');
    box.appendChild(table([t('reviewer'), t('role'), t('submissions'), t('today'), t('lastHour')], rows));
    box.appendChild(el('p', t('items', { p: stats.items.pending, c: stats.items.completed,
      m: stats.items.minSubmitted }), 'note'));
    replace('throughput', box);
  }

  function renderGold(stats) {
    const body = stats.reviewers.filter((r) => r.goldAnswered > 0 || r.role === 'REVIEWER');
    const rows = body.map((r) => {
      const acc = cell(percent(r.goldAccuracy), 'num gold-accuracy');
      if (r.flagged) { acc.appendChild(el('span', t('flagged'), 'flag')); }
      const name = cell(r.name, 'gold-reviewer');
      return [name, cell(r.goldAnswered, 'num'), cell(r.goldCorrect, 'num'), acc];
    });
    const tbl = table([t('reviewer'), t('goldAnswered'), t('goldCorrect'), t('accuracy')], rows);
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
        rows.push(agreementRow(kind, t('cohen') + ' (' + c.a + ' – ' + c.b + ')', c.kappa, c.units));
        keys.push(kind + ':cohen:' + c.a + ':' + c.b);
      });
      if (a.fleissKappa) {
        rows.push(agreementRow(kind, t('fleiss'), a.fleissKappa, a.units));
        keys.push(kind + ':fleiss');
      }
      if (a.krippendorffAlpha) {
        rows.push(agreementRow(kind, t('alpha'), a.krippendorffAlpha, a.units));
        keys.push(kind + ':alpha');
      }
    });
    if (rows.length === 0) { replace('agreement', el('p', t('noAgreement'), 'note')); return; }
    const tbl = table([t('kind'), t('measure'), t('estimate'), t('interval'), t('units')], rows);
    Array.from(tbl.tBodies[0].rows).forEach((tr, i) => { tr.dataset.measure = keys[i]; });
    replace('agreement', tbl);
  }

  function renderDisagreements(dis) {
    const open = (dis.items || []).filter((x) => !x.completed);
    if (open.length === 0) { replace('disagreements', el('p', t('noDisagreements'), 'note')); return; }
    const list = el('div');
    open.forEach((item) => {
      const box = el('div', null, 'disagreement');
      box.dataset.task = item.taskId;
      box.appendChild(el('strong', item.taskId + ' · ' + item.kind));
      const ul = el('ul', null, 'answers');
      item.answers.forEach((a) => ul.appendChild(el('li', a.reviewer + ': ' + JSON.stringify(a.answer))));
      box.appendChild(ul);
      const k = item.answers.length ? item.answers[0].order.length : 2;
      const order = Array.from({ length: k }, (_, i) => i);
      const choices = item.kind === 'PAIRWISE'
        ? ['A', 'B', 'TIE', 'BOTH_BAD'].map((o) => [o, { outcome: o }])
        : item.kind === 'BINARY' ? [[t('yes'), { desirable: true }], [t('no'), { desirable: false }]] : [];
      const actions = el('div', null, 'actions');
      if (choices.length === 0) {
        actions.appendChild(el('span', t('javaOnly'), 'note'));
      } else {
        actions.appendChild(el('span', t('adjudicate')));
        choices.forEach(([label, answer]) => {
          const b = el('button', label);
          b.type = 'button';
          b.addEventListener('click', () => adjudicate(item.taskId, order, answer));
          actions.appendChild(b);
        });
      }
      box.appendChild(actions);
      list.appendChild(box);
    });
    replace('disagreements', list);
  }

  async function adjudicate(taskId, order, answer) {
    try {
      await api('POST', '/api/lead/adjudications', { taskId, order, answer });
      status(t('adjudicated') + taskId);
      await load();
    } catch (e) {
      status(t('adjudicateFailed') + e.message, true);
    }
  }

  // ---- the hand-over chart: inline SVG, no library

  function renderHandover(h) {
    $('handover-note').textContent = t('handoverNote', { n: h.bucketSize });
    const bs = h.buckets || [];
    if (bs.length === 0) { replace('handover-chart', el('p', t('noHandover'), 'note')); return; }
    const W = 720; const H = 300; const L = 56; const R = 28; const T = 36; const B = 48;
    const pw = W - L - R; const ph = H - T - B;
    const n = bs.length;
    const x = (i) => L + (n === 1 ? pw / 2 : (i * pw) / (n - 1));
    const y = (v) => T + ph * (1 - v);
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'chart', role: 'img', id: 'handover-svg' });
    root.appendChild(svg('title', {}, t('handover')));
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
        bar.appendChild(svg('title', {}, t('auditLegend') + ': ' + b.audits));
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
        c.appendChild(svg('title', {}, t('agreementLegend') + ': ' + percent(b.agreement) + ' [' +
          percent(b.agreementLow) + ', ' + percent(b.agreementHigh) + '], n = ' + b.compared));
        root.appendChild(c);
      }
      const a = svg('rect', { x: x(i) - 3.5, y: y(b.aiShare) - 3.5, width: 7, height: 7, class: 'pt-ai' });
      const share = percent(b.aiShare) + ' (' + b.aiOnly + ' / ' + b.items + ')';
      a.appendChild(svg('title', {}, t('aiLegend') + ': ' + share));
      root.appendChild(a);
    });
    // x ticks: first, middle, last bucket numbers
    Array.from(new Set([0, Math.floor((n - 1) / 2), n - 1])).forEach((i) => {
      root.appendChild(svg('text', { x: x(i), y: T + ph + 16, 'text-anchor': 'middle', class: 'tick' }, i + 1));
    });
    root.appendChild(svg('text', { x: L + pw / 2, y: H - 10, 'text-anchor': 'middle', class: 'axis-label' },
      t('bucketAxis', { n: h.bucketSize })));
    root.appendChild(svg('text', { x: 14, y: T + ph / 2, 'text-anchor': 'middle', class: 'axis-label',
      transform: 'rotate(-90 14 ' + (T + ph / 2) + ')' }, t('shareAxis')));
    // legend
    let lx = L;
    [['legend-agreement', t('agreementLegend')], ['legend-ai', t('aiLegend')], ['legend-audit', t('auditLegend')]]
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
      status(t('loadFailed') + e.message, true);
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
    if (session.role !== 'LEAD') { status(t('notLead'), true); showLogin(); return; }
    status('');
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('logout').hidden = false;
    $('refresh').hidden = false;
    await load();
  }

  async function start() {
    staticTexts();
    $('lang').addEventListener('change', () => {
      lang = $('lang').value;
      localStorage.setItem('align4j.dashboard.lang', lang);
      render();
    });
    $('refresh').addEventListener('click', load);
    $('logout').addEventListener('click', async () => {
      try { await api('POST', '/api/logout', {}); } catch (e) { /* the session may have expired already */ }
      csrf = null; last = null; showLogin();
    });
    $('login').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const token = $('token').value;
        $('token').value = '';
        await enter(await api('POST', '/api/login', { token }));
      } catch (e) {
        status(t('loginFailed') + e.message, true);
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
