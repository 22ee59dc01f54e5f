// The reviewer page: plain JavaScript, served from the jar under a strict CSP (no inline script or style).
// Every piece of task data enters the DOM through textContent or createElement: never innerHTML.
'use strict';

(function () {
  const TAGS = ['wrong-tool', 'bad-arguments', 'hallucination', 'unconfirmed-action', 'unsafe', 'off-task', 'loop'];
  const OUTCOMES = ['LEFT', 'RIGHT', 'TIE', 'BOTH_BAD'];
  // The unsent answer to the shown task survives a reload in sessionStorage (this tab only), under
  // DRAFT + reviewer + '.' + task id; it holds the choices only, never the session or CSRF token.
  const DRAFT = 'align4j.review.draft.';
  const state = {
    csrf: null, reviewer: null, strings: {}, lang: 'en', task: null, aiShown: false,
    outcome: null, strength: null, ranking: [], rows: [], cursor: 0, steps: [], lastAnswered: false, busy: false
  };
  const $ = (id) => document.getElementById(id);

  // ---- text and elements

  function t(key, ...args) {
    const s = Object.prototype.hasOwnProperty.call(state.strings, key) ? state.strings[key] : key;
    return s.replace(/\{(\d+)\}/g, (m, i) => (args[i] === undefined ? m : String(args[i])));
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function button(label, key, onClick) {
    const b = el('button');
    b.type = 'button';
    if (key) b.appendChild(el('span', 'key', key));
    b.appendChild(document.createTextNode(label));
    b.addEventListener('click', onClick);
    return b;
  }

  // A small Markdown subset built from elements: paragraphs, fenced code blocks, - / 1. lists, `code`, **strong**,
  // *em* / _em_. Anything else (HTML included) stays text.
  function markdown(src) {
    const root = el('div', 'md');
    const lines = String(src).replace(/\r\n?/g, '\n').split('\n');
    let para = null;
    let list = null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (/^\s*```/.test(line)) {
        para = null; list = null;
        const code = [];
        for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
        const pre = el('pre');
        pre.appendChild(el('code', null, code.join('\n')));
        root.appendChild(pre);
        continue;
      }
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      if (bullet || numbered) {
        const tag = bullet ? 'UL' : 'OL';
        if (!list || list.tagName !== tag) {
          list = el(tag.toLowerCase());
          root.appendChild(list);
        }
        const li = el('li');
        inline(li, (bullet || numbered)[1]);
        list.appendChild(li);
        para = null;
        continue;
      }
      list = null;
      if (line.trim() === '') {
        para = null;
        continue;
      }
      if (!para) {
        para = el('p');
        root.appendChild(para);
      } else {
        para.appendChild(el('br'));
      }
      inline(para, line);
    }
    return root;
  }

  function inline(parent, text) {
    const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_/g;
    let at = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > at) parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      if (m[1] !== undefined) parent.appendChild(el('code', null, m[1]));
      else if (m[2] !== undefined) parent.appendChild(el('strong', null, m[2]));
      else parent.appendChild(el('em', null, m[3] !== undefined ? m[3] : m[4]));
      at = re.lastIndex;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // ---- server

  async function api(method, path, body) {
    const headers = {};
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      if (state.csrf) headers['X-CSRF-Token'] = state.csrf;
    }
    const r = await fetch(path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)
    });
    let data = null;
    if (r.status !== 204) {
      try { data = await r.json(); } catch (e) { data = null; }
    }
    return { status: r.status, data };
  }

  function status(text, isError) {
    const s = $('status');
    s.textContent = text || '';
    s.classList.toggle('error', !!isError);
  }

  function refused(r) {
    if (r.status === 401) {
      showLogin();
      status(t('error.session'), true);
    } else {
      status(t('error.generic', (r.data && r.data.error) || r.status), true);
    }
  }

  // ---- the draft: what was chosen for the shown task but not sent

  function draftKey(taskId) {
    return DRAFT + state.reviewer + '.' + taskId;
  }

  function draftStore() {
    try { return window.sessionStorage; } catch (e) { return null; } // storage disabled: no draft
  }

  // Saves the choices for the shown task, or removes the entry when nothing is chosen yet.
  function saveDraft() {
    const store = draftStore();
    const task = state.task;
    if (!store || !task || !state.reviewer) return;
    const rationale = $('rationale').value;
    const moved = state.ranking.some((index, i) => task.candidates[i].index !== index);
    const chosen = state.outcome !== null || state.strength !== null || rationale !== '' || moved ||
      Object.keys(state.values).length > 0 || state.aiShown ||
      state.steps.some((x) => x.rating !== null || x.tags.length > 0);
    try {
      if (!chosen) {
        store.removeItem(draftKey(task.taskId));
        return;
      }
      store.setItem(draftKey(task.taskId), JSON.stringify({
        taskId: task.taskId, order: task.order, outcome: state.outcome, strength: state.strength, rationale,
        ranking: state.ranking, values: state.values, steps: state.steps, aiShown: state.aiShown
      }));
    } catch (e) { /* storage full or refused: the page works on without a draft */ }
  }

  // Removes this reviewer's drafts except the one for keepTaskId (all of them when it is null), or every draft
  // in the tab when all is true (sign-out).
  function clearDrafts(keepTaskId, all) {
    const store = draftStore();
    if (!store) return;
    const mine = DRAFT + state.reviewer + '.';
    const keys = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k && k.startsWith(all ? DRAFT : mine) && (keepTaskId === null || k !== mine + keepTaskId)) keys.push(k);
    }
    keys.forEach((k) => store.removeItem(k));
  }

  // Puts a saved draft back when it was made for this very task as shown (same id, same order); true if it did.
  function restoreDraft(task) {
    const store = draftStore();
    if (!store || !state.reviewer) return false;
    let d;
    try { d = JSON.parse(store.getItem(draftKey(task.taskId)) || 'null'); } catch (e) { d = null; }
    if (!d || d.taskId !== task.taskId || JSON.stringify(d.order) !== JSON.stringify(task.order)) return false;
    const indices = task.candidates.map((c) => c.index);
    if (task.kind === 'PAIRWISE') {
      if (OUTCOMES.includes(d.outcome)) state.outcome = d.outcome;
      if ([0, 1, 2, 3].includes(d.strength)) state.strength = d.strength;
    }
    if (task.kind === 'RANKING' && Array.isArray(d.ranking) && d.ranking.length === indices.length &&
        indices.every((i) => d.ranking.includes(i))) {
      state.ranking = d.ranking.slice();
    }
    const allowed = task.kind === 'RATING' ? (task.rubric || []) : ['desirable'];
    Object.entries(d.values || {}).forEach(([k, v]) => {
      if (allowed.includes(k) && (typeof v === 'number' || typeof v === 'boolean')) state.values[k] = v;
    });
    if (Array.isArray(d.steps) && d.steps.length === state.steps.length) {
      state.steps = d.steps.map((x) => ({
        rating: [1, 2, 3, 4, 5].includes(x && x.rating) ? x.rating : null,
        tags: Array.isArray(x && x.tags) ? x.tags.filter((tag) => TAGS.includes(tag)) : []
      }));
    }
    if (typeof d.rationale === 'string') $('rationale').value = d.rationale;
    state.aiShown = d.aiShown === true && Boolean(task.aiSuggestion);
    return true;
  }

  // ---- language

  async function setLanguage(lang) {
    const r = await api('GET', '/api/i18n?lang=' + encodeURIComponent(lang));
    if (r.status !== 200) return;
    state.strings = r.data.strings;
    state.lang = lang;
    try { localStorage.setItem('align4j.review.lang', lang); } catch (e) { /* private mode: not remembered */ }
    document.documentElement.lang = lang;
    $('lang').value = lang;
    document.title = t('app.title');
    document.querySelectorAll('[data-i18n]').forEach((e) => { e.textContent = t(e.dataset.i18n); });
    if (state.task) render(state.task, true);
    if (state.csrf) progress();
  }

  // ---- session

  function show(which) {
    ['login', 'empty', 'work'].forEach((id) => $(id).classList.toggle('hidden', id !== which));
    $('logout').classList.toggle('hidden', which === 'login');
  }

  function showLogin() {
    state.csrf = null;
    state.task = null;
    $('progress').textContent = '';
    show('login');
    $('token').focus();
  }

  async function login(ev) {
    ev.preventDefault();
    const r = await api('POST', '/api/login', { token: $('token').value });
    $('token').value = '';
    if (r.status !== 200) {
      $('login-error').textContent = t('login.failed');
      return;
    }
    $('login-error').textContent = '';
    state.csrf = r.data.csrfToken;
    state.reviewer = r.data.reviewer;
    await next();
  }

  async function logout() {
    clearDrafts(null, true);
    await api('POST', '/api/logout', {});
    showLogin();
  }

  async function progress() {
    const r = await api('GET', '/api/progress');
    if (r.status === 200) $('progress').textContent = t('progress', r.data.doneToday, r.data.total);
  }

  // ---- the task loop

  async function next() {
    const r = await api('GET', '/api/tasks/next');
    await progress();
    if (r.status === 204) {
      state.task = null;
      show('empty');
      return;
    }
    if (r.status !== 200) {
      refused(r);
      return;
    }
    render(r.data, false);
    show('work');
  }

  function isTrace(task) {
    return task.steps > 0 && (task.kind === 'BINARY' || task.kind === 'RATING');
  }

  // Renders a task; keep = true re-renders (language switch) without losing what was already chosen.
  function render(task, keep) {
    if (!keep) {
      state.task = task;
      state.aiShown = false;
      state.outcome = null;
      state.strength = null;
      state.ranking = task.candidates.map((c) => c.index);
      state.cursor = 0;
      state.values = {};
      state.steps = Array.from({ length: task.steps }, () => ({ rating: null, tags: [] }));
      $('rationale').value = '';
      clearDrafts(task.taskId, false);
      if (restoreDraft(task)) status(t('draft.restored'), false);
    }
    $('task').dataset.taskId = task.taskId;
    $('task-title').textContent = t(isTrace(task) ? 'kind.TRACE' : 'kind.' + task.kind);
    $('guideline').textContent = task.guideline || '';
    renderPrompt(task);
    const body = $('body');
    body.replaceChildren();
    state.rows = [];
    if (task.kind === 'PAIRWISE') renderPairwise(task, body);
    else if (task.kind === 'RANKING') renderRanking(task, body);
    else if (isTrace(task)) renderTrace(task, body);
    else renderVerdict(task, body, true);
    $('rationale-row').classList.toggle('hidden', task.kind === 'RANKING');
    $('ai-show').classList.toggle('hidden', !task.aiSuggestion || state.aiShown);
    $('ai-box').classList.toggle('hidden', !state.aiShown);
    if (state.aiShown) renderSuggestion(task);
    highlight();
  }

  function renderPrompt(task) {
    const p = $('prompt');
    p.replaceChildren();
    p.appendChild(el('h3', null, t('prompt.heading')));
    if (isTrace(task)) {
      // the trace's turns are rendered as steps below
      const first = task.prompt.find((m) => m.role === 'user');
      if (first) p.appendChild(turn(first));
      return;
    }
    task.prompt.forEach((m) => p.appendChild(turn(m)));
  }

  function turn(m) {
    const d = el('div', 'turn');
    d.appendChild(el('div', 'who', t('role.' + m.role)));
    d.appendChild(markdown(m.content));
    return d;
  }

  function responseBox(c, n) {
    const box = el('article', 'response');
    box.dataset.index = String(c.index);
    box.appendChild(el('h3', null, t('response.label', n)));
    box.appendChild(markdown(c.text));
    return box;
  }

  function renderPairwise(task, body) {
    const pair = el('div', 'pair');
    task.candidates.forEach((c, i) => pair.appendChild(responseBox(c, i + 1)));
    body.appendChild(pair);
    const choices = el('div', 'choices');
    const labels = ['pairwise.left', 'pairwise.right', 'pairwise.tie', 'pairwise.bothBad'];
    OUTCOMES.forEach((o, i) => {
      const b = button(t(labels[i]), String(i + 1), () => choose(o));
      b.dataset.outcome = o;
      choices.appendChild(b);
    });
    body.appendChild(choices);
    const strength = el('div', 'strength');
    strength.appendChild(el('span', null, t('pairwise.strength')));
    for (let s = 0; s <= 3; s++) {
      const b = button(t('strength.' + s), null, () => {
        state.strength = state.strength === s ? null : s; // a second click clears it
        highlight();
      });
      b.dataset.strength = String(s);
      strength.appendChild(b);
    }
    body.appendChild(strength);
  }

  function choose(o) {
    state.outcome = o;
    highlight();
  }

  function renderRanking(task, body) {
    body.appendChild(el('p', 'hint', t('ranking.hint')));
    const list = el('ol', 'ranking');
    list.id = 'ranking';
    const byIndex = new Map(task.candidates.map((c) => [c.index, c]));
    state.ranking.forEach((index, pos) => {
      const li = el('li');
      li.tabIndex = 0;
      li.draggable = true;
      li.dataset.index = String(index);
      li.appendChild(el('span', 'pos', t('ranking.position', pos + 1)));
      const text = el('div', 'text');
      text.appendChild(markdown(byIndex.get(index).text));
      li.appendChild(text);
      li.appendChild(button('↑', null, () => move(pos, -1)));
      li.appendChild(button('↓', null, () => move(pos, 1)));
      li.lastChild.previousSibling.title = t('ranking.up');
      li.lastChild.title = t('ranking.down');
      li.addEventListener('dragstart', (e) => {
        e.dataTransfer.setData('text/plain', String(pos));
        li.classList.add('dragging');
      });
      li.addEventListener('dragend', () => li.classList.remove('dragging'));
      li.addEventListener('dragover', (e) => e.preventDefault());
      li.addEventListener('drop', (e) => {
        e.preventDefault();
        const from = Number(e.dataTransfer.getData('text/plain'));
        if (Number.isInteger(from)) place(from, pos);
      });
      li.addEventListener('focus', () => { state.cursor = pos; highlight(); });
      list.appendChild(li);
    });
    body.appendChild(list);
  }

  function place(from, to) {
    if (from === to || from < 0 || to < 0 || from >= state.ranking.length || to >= state.ranking.length) return;
    const [moved] = state.ranking.splice(from, 1);
    state.ranking.splice(to, 0, moved);
    state.cursor = to;
    render(state.task, true);
    const items = $('ranking').children;
    if (items[to]) items[to].focus();
  }

  function move(pos, delta) {
    place(pos, pos + delta);
  }

  // One row per rubric criterion (rating) or one good / bad row (binary): j / k move, number keys set the value.
  function renderVerdict(task, body, withHint) {
    if (withHint) {
      // a single response (a trace shows its final answer itself)
      const only = el('div', 'single');
      only.appendChild(responseBox(task.candidates[0], 1));
      body.appendChild(only);
    }
    const rows = el('div', 'rows');
    if (task.kind === 'RATING') {
      if (withHint) body.appendChild(el('p', 'hint', t('rating.hint')));
      (task.rubric || []).forEach((criterion) => {
        const values = [];
        for (let v = task.scale.min; v <= task.scale.max; v++) values.push(v);
        rows.appendChild(row('criterion.' + criterion, criterion, values.map((v) => [v, String(v)])));
      });
    } else {
      // words, not emoji: a machine without an emoji font would draw boxes
      rows.appendChild(row('binary.verdict', 'desirable', [[true, t('binary.good')], [false, t('binary.bad')]]));
    }
    body.appendChild(rows);
  }

  function row(labelKey, key, options) {
    const r = el('div', 'row');
    r.dataset.key = key;
    // a criterion the bundles do not name (a custom rubric) shows as itself
    const known = Object.prototype.hasOwnProperty.call(state.strings, labelKey);
    r.appendChild(el('span', 'name', known ? t(labelKey) : key));
    options.forEach(([value, label], i) => {
      // the key hint only where the label is not the key itself (a 1–5 scale's buttons are their keys)
      const b = button(label, label === String(i + 1) ? null : String(i + 1), () => setRow(key, value));
      b.dataset.value = String(value);
      r.appendChild(b);
    });
    const n = state.rows.length;
    r.addEventListener('click', () => { state.cursor = n; highlight(); });
    state.rows.push({ key, options: options.map((o) => o[0]), node: r });
    return r;
  }

  function setRow(key, value) {
    if (key.startsWith('step.')) state.steps[Number(key.slice(5))].rating = value;
    else state.values[key] = value;
    highlight();
  }

  function renderTrace(task, body) {
    body.appendChild(el('p', 'hint', t('trace.hint')));
    let step = 0;
    let seenUser = false;
    const rows = el('div', 'rows');
    task.prompt.forEach((m) => {
      if (m.role === 'user' && !seenUser) { seenUser = true; return; }
      if (m.role !== 'assistant') {
        rows.appendChild(turn(m));
        return;
      }
      const s = step++;
      const box = el('div', 'step');
      box.appendChild(el('div', 'who', t('trace.step', s + 1) + ' · ' + t('role.assistant')));
      box.appendChild(markdown(m.content));
      const r = row('trace.stepRating', 'step.' + s, [1, 2, 3, 4, 5].map((v) => [v, String(v)]));
      box.appendChild(r);
      const tags = el('div', 'tags');
      tags.appendChild(el('span', 'name', t('trace.tags')));
      TAGS.forEach((tag) => {
        const label = el('label');
        const box2 = el('input');
        box2.type = 'checkbox';
        box2.dataset.tag = tag;
        box2.checked = state.steps[s].tags.includes(tag);
        box2.addEventListener('change', () => {
          const list = state.steps[s].tags.filter((x) => x !== tag);
          if (box2.checked) list.push(tag);
          state.steps[s].tags = list;
          saveDraft();
        });
        label.appendChild(box2);
        label.appendChild(document.createTextNode(' ' + t('tag.' + tag)));
        tags.appendChild(label);
      });
      box.appendChild(tags);
      rows.appendChild(box);
    });
    body.appendChild(rows);
    const final = el('div', 'step');
    final.appendChild(el('div', 'who', t('trace.finalAnswer')));
    final.appendChild(markdown(task.candidates[0].text));
    body.appendChild(final);
    renderVerdict(task, body, false);
  }

  function renderSuggestion(task) {
    const box = $('ai-box');
    box.replaceChildren();
    box.appendChild(el('h3', null, t('ai.heading')));
    const s = task.aiSuggestion;
    let text;
    if (s.outcome === 'A' || s.outcome === 'B') {
      // A and B are the request's candidates 0 and 1: say which side of the screen that is
      const shown = task.candidates.findIndex((c) => c.index === (s.outcome === 'A' ? 0 : 1));
      text = t(shown === 0 ? 'pairwise.left' : 'pairwise.right');
    } else if (s.outcome === 'TIE' || s.outcome === 'BOTH_BAD') {
      text = t(s.outcome === 'TIE' ? 'pairwise.tie' : 'pairwise.bothBad');
    } else if (typeof s.desirable === 'boolean') {
      text = t(s.desirable ? 'binary.good' : 'binary.bad');
    } else {
      const parts = [];
      ['value', 'order'].forEach((k) => {
        if (s[k] !== undefined) parts.push(k + ': ' + JSON.stringify(s[k]));
      });
      text = parts.length ? parts.join(' · ') : JSON.stringify(s);
    }
    box.appendChild(el('p', null, text));
  }

  function highlight() {
    document.querySelectorAll('#body [data-outcome]').forEach((b) => {
      b.classList.toggle('selected', b.dataset.outcome === state.outcome);
    });
    document.querySelectorAll('#body [data-strength]').forEach((b) => {
      b.classList.toggle('selected', Number(b.dataset.strength) === state.strength);
    });
    document.querySelectorAll('#body .response').forEach((box, i) => {
      box.classList.toggle('chosen', (state.outcome === 'LEFT' && i === 0) || (state.outcome === 'RIGHT' && i === 1));
    });
    state.rows.forEach((r, i) => {
      const current = r.key.startsWith('step.') ? state.steps[Number(r.key.slice(5))].rating : state.values[r.key];
      r.node.querySelectorAll('button[data-value]').forEach((b) => {
        b.classList.toggle('selected', b.dataset.value === String(current));
      });
      r.node.classList.toggle('current', i === state.cursor);
      const step = r.node.closest('.step');
      if (step) step.classList.toggle('current', i === state.cursor);
    });
    saveDraft();
  }

  function showSuggestion() {
    state.aiShown = true;
    $('ai-show').classList.add('hidden');
    $('ai-box').classList.remove('hidden');
    renderSuggestion(state.task);
    saveDraft();
  }

  // The answer in the API's shape, or null (with a message) when something required is missing.
  function answer() {
    const task = state.task;
    const rationale = $('rationale').value.trim();
    if (task.kind === 'PAIRWISE') {
      if (!state.outcome) return null;
      let outcome = state.outcome;
      if (outcome === 'LEFT' || outcome === 'RIGHT') {
        // A and B are the request's candidates 0 and 1, whatever order was shown
        const shown = task.candidates[outcome === 'LEFT' ? 0 : 1].index;
        outcome = shown === 0 ? 'A' : 'B';
      }
      const a = { outcome };
      if (state.strength !== null) a.strength = state.strength;
      if (rationale) a.rationale = rationale;
      return a;
    }
    if (task.kind === 'RANKING') return { ranking: state.ranking.slice() };
    let a;
    if (task.kind === 'RATING') {
      const scores = {};
      for (const c of task.rubric || []) {
        if (state.values[c] === undefined) return null;
        scores[c] = state.values[c];
      }
      a = { scores };
    } else {
      if (state.values.desirable === undefined) return null;
      a = { desirable: state.values.desirable };
    }
    if (rationale) a.rationale = rationale;
    const rated = state.steps.filter((s) => s.rating !== null).length;
    if (rated > 0 && rated < state.steps.length) return 'steps';
    if (rated > 0) a.steps = state.steps.map((s) => ({ rating: s.rating, tags: s.tags.slice() }));
    return a;
  }

  async function submit() {
    if (!state.task || state.busy) return;
    const a = answer();
    if (a === null || a === 'steps') {
      status(t(a === null ? 'error.incomplete' : 'error.stepsIncomplete'), true);
      return;
    }
    state.busy = true;
    try {
      const r = await api('POST', '/api/submissions', {
        taskId: state.task.taskId, order: state.task.order, aiSuggestionShown: state.aiShown, answer: a
      });
      if (r.status !== 200) {
        refused(r);
        return;
      }
      state.lastAnswered = true;
      clearDrafts(null, false);
      status(t('submitted'), false);
      await next();
    } finally {
      state.busy = false;
    }
  }

  async function undo() {
    if (state.busy) return;
    state.busy = true;
    try {
      const r = await api('POST', '/api/undo', {});
      if (r.status !== 200) {
        refused(r);
        return;
      }
      status(t('undone'), false);
      await next();
    } finally {
      state.busy = false;
    }
  }

  // ---- keyboard

  function moveCursor(delta) {
    const task = state.task;
    if (task.kind === 'RANKING') {
      state.cursor = Math.max(0, Math.min(state.ranking.length - 1, state.cursor + delta));
      $('ranking').children[state.cursor].focus();
      return;
    }
    if (state.rows.length === 0) return;
    state.cursor = Math.max(0, Math.min(state.rows.length - 1, state.cursor + delta));
    highlight();
    state.rows[state.cursor].node.scrollIntoView({ block: 'nearest' });
  }

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;
    const typing = target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement ||
      (target instanceof HTMLInputElement && target.type !== 'checkbox');
    if (typing) return;
    if ($('work').classList.contains('hidden')) {
      if (e.key === 'u' && !$('empty').classList.contains('hidden')) undo();
      return;
    }
    const task = state.task;
    if (!task) return;
    const digit = /^[1-9]$/.test(e.key) ? Number(e.key) : 0;
    if (e.key === 'Enter') {
      if (target instanceof HTMLButtonElement) return; // the button's own click
      e.preventDefault();
      submit();
    } else if (e.key === 'u') {
      undo();
    } else if (e.key === 'j' || e.key === 'k') {
      moveCursor(e.key === 'j' ? 1 : -1);
    } else if ((e.key === 'J' || e.key === 'K') && task.kind === 'RANKING') {
      move(state.cursor, e.key === 'J' ? 1 : -1);
    } else if (digit && task.kind === 'PAIRWISE') {
      if (digit <= 4) choose(OUTCOMES[digit - 1]);
    } else if (digit && state.rows.length > 0) {
      const r = state.rows[state.cursor];
      if (digit <= r.options.length) setRow(r.key, r.options[digit - 1]);
    } else {
      return;
    }
    e.preventDefault();
  }

  // ---- start

  document.addEventListener('DOMContentLoaded', async () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('lang').addEventListener('change', () => setLanguage($('lang').value));
    $('submit').addEventListener('click', submit);
    document.querySelectorAll('.undo').forEach((b) => b.addEventListener('click', undo));
    $('refresh').addEventListener('click', next);
    $('ai-show').addEventListener('click', showSuggestion);
    $('rationale').addEventListener('input', saveDraft);
    document.addEventListener('keydown', onKey);
    let lang = 'en';
    try { lang = localStorage.getItem('align4j.review.lang') || 'en'; } catch (e) { /* not remembered */ }
    await setLanguage(lang === 'ja' ? 'ja' : 'en');
    const s = await api('GET', '/api/session');
    if (s.status === 200) {
      state.csrf = s.data.csrfToken;
      state.reviewer = s.data.reviewer;
      await next();
    } else {
      showLogin();
    }
  });
})();
