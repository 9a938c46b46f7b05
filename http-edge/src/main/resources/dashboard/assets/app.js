// qrflow dashboard: plain JS, no build step. Pages are rendered from the hash route; every
// element is built with h() (text content only, never innerHTML), so no user data becomes markup.
'use strict';

const state = { session: null, live: null, analyticsTimer: null, charts: [], leaving: [] };
const PAGE_SIZE = 10;
const ANALYTICS_REFRESH_MS = 2000;
const DEFAULT_STYLE = { fg: '#000000', bg: '#ffffff', ecc: 'M' };
const SAMPLE_CODE = 'Ab3dE5g'; // previews a random code of the default length

// ---- helpers -------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrfToken;
  const res = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (res.status === 401 && state.session && !path.startsWith('/auth/session')) {
    state.session = null;
    go('#/signin');
  }
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : null);
  return data;
}

function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove('show'), 2500);
}

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function render(title, ...content) {
  const main = document.getElementById('main');
  main.replaceChildren(h('h1', { id: 'page-title', tabindex: '-1' }, title), ...content);
  document.title = title + ' · qrflow';
  document.getElementById('page-title').focus();
}

function errorBox() {
  return h('p', { class: 'error', role: 'alert' });
}

function showError(box, err) {
  box.textContent = err instanceof ApiError ? err.message : 'Something went wrong: ' + err.message;
}

function field(label, input, hint) {
  const id = input.id || ('f-' + Math.random().toString(36).slice(2));
  input.id = id;
  return h('div', {}, h('label', { for: id }, label, hint ? h('span', { class: 'hint' }, ' ' + hint) : null), input);
}

function styleInputs(prefix, style) {
  const fg = h('input', { type: 'color', id: prefix + 'fg', value: style.fg });
  const bg = h('input', { type: 'color', id: prefix + 'bg', value: style.bg });
  const ecc = h('select', { id: prefix + 'ecc' }, [['L', 'L (7%)'], ['M', 'M (15%)'], ['Q', 'Q (25%)'], ['H', 'H (30%)']]
    .map(([v, t]) => h('option', { value: v, selected: v === style.ecc }, t)));
  return { fg, bg, ecc, value: () => ({ fg: fg.value, bg: bg.value, ecc: ecc.value }),
    fields: () => h('div', { class: 'grid3' }, field('Foreground', fg), field('Background', bg), field('Error correction', ecc)) };
}

// The image URLs carry the stored style only so that browsers refetch an image after a change;
// the server draws /q/{code} in the code's stored style.
function styleVersion(style) {
  return 'v=' + encodeURIComponent(style.fg + style.bg + style.ecc);
}

function imageQuery(style, size) {
  const q = new URLSearchParams({ fg: style.fg.slice(1), bg: style.bg.slice(1), ecc: style.ecc });
  if (size) q.set('size', size);
  return q.toString();
}

function statusBadge(status) {
  return h('span', { class: 'status ' + status }, status);
}

function fmtTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

// ---- sign up / sign in ---------------------------------------------------------------------

function signInPage() {
  const email = h('input', { type: 'email', id: 'signin-email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', id: 'signin-password', autocomplete: 'current-password', required: true });
  const err = errorBox();
  const form = h('form', { class: 'card narrow', onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      await signIn(email.value, password.value);
      go('#/');
    } catch (ex) { showError(err, ex); }
  } },
  field('E-mail', email), field('Password', password), err,
  h('p', {}, h('button', { type: 'submit', id: 'signin-submit' }, 'Sign in')),
  h('p', { class: 'muted' }, 'No account yet? ', h('a', { href: '#/signup' }, 'Sign up')));
  render('Sign in', form);
}

function signUpPage() {
  const name = h('input', { id: 'signup-name', autocomplete: 'name', required: true, maxlength: 100 });
  const email = h('input', { type: 'email', id: 'signup-email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', id: 'signup-password', autocomplete: 'new-password', required: true, minlength: 10 });
  const err = errorBox();
  const form = h('form', { class: 'card narrow', onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      await api('POST', '/auth/register', { email: email.value, password: password.value, displayName: name.value });
      await signIn(email.value, password.value);
      go('#/');
    } catch (ex) { showError(err, ex); }
  } },
  field('Name', name), field('E-mail', email), field('Password', password, '(at least 10 characters)'), err,
  h('p', {}, h('button', { type: 'submit', id: 'signup-submit' }, 'Create account')),
  h('p', { class: 'muted' }, 'Have an account? ', h('a', { href: '#/signin' }, 'Sign in')));
  render('Sign up', form);
}

async function signIn(email, password) {
  state.session = await api('POST', '/auth/session', { email, password });
  showNav();
}

function showNav() {
  document.getElementById('nav').hidden = !state.session;
  document.getElementById('who').textContent = state.session ? state.session.email : '';
}

// ---- QR list -------------------------------------------------------------------------------

async function listPage(params) {
  const q = params.get('q') || '';
  const tag = params.get('tag') || '';
  const page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
  const search = h('input', { type: 'search', id: 'search', value: q, placeholder: 'title, code or target' });
  const tagInput = h('input', { id: 'tag-filter', value: tag });
  const filters = h('form', { class: 'card row', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    go('#/?' + new URLSearchParams({ q: search.value, tag: tagInput.value, page: 0 }));
  } }, field('Search', search), field('Tag', tagInput),
  h('div', { class: 'shrink' }, h('button', { type: 'submit' }, 'Filter')));
  const body = h('div', { class: 'card' }, h('p', { class: 'muted' }, 'Loading…'));
  render('My QR codes', filters, body);
  try {
    const query = new URLSearchParams({ page, size: PAGE_SIZE });
    if (q) query.set('q', q);
    if (tag) query.set('tag', tag);
    const result = await api('GET', '/qr?' + query);
    body.replaceChildren(listTable(result, q, tag));
  } catch (ex) {
    const err = errorBox(); showError(err, ex); body.replaceChildren(err);
  }
}

function listTable(result, q, tag) {
  if (result.items.length === 0) {
    return h('p', {}, q || tag ? 'No QR code matches. ' : 'No QR codes yet. ', h('a', { href: '#/new' }, 'Create one'));
  }
  const link = (p) => '#/?' + new URLSearchParams({ q, tag, page: p });
  const pages = Math.max(1, Math.ceil(result.total / result.size));
  const rows = result.items.map((qr) => h('tr', {},
    h('td', { 'data-label': 'Code' }, h('a', { href: '#/qr/' + qr.code }, qr.code)),
    h('td', { 'data-label': 'Title' }, qr.title || ''),
    h('td', { 'data-label': 'Target', class: 'target' }, qr.target),
    h('td', { 'data-label': 'Tags' }, (qr.tags || []).map((t) =>
      h('a', { class: 'tag', href: '#/?' + new URLSearchParams({ tag: t }) }, t))),
    h('td', { 'data-label': 'Status' }, statusBadge(qr.status)),
    h('td', { 'data-label': 'Scans', class: 'num' }, qr.totalScans.toLocaleString())));
  return h('div', {},
    h('table', { class: 'list' },
      h('caption', { class: 'muted' }, result.total + ' QR code' + (result.total === 1 ? '' : 's')),
      h('thead', {}, h('tr', {}, ['Code', 'Title', 'Target', 'Tags', 'Status'].map((c) => h('th', { scope: 'col' }, c)),
        h('th', { scope: 'col', class: 'num' }, 'Total scans'))),
      h('tbody', {}, rows)),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      result.page > 0 ? h('a', { href: link(result.page - 1) }, '← Previous') : null,
      h('span', {}, 'Page ' + (result.page + 1) + ' of ' + pages),
      result.page + 1 < pages ? h('a', { href: link(result.page + 1) }, 'Next →') : null));
}

// ---- create --------------------------------------------------------------------------------

function createPage() {
  const target = h('input', { type: 'url', id: 'target', required: true, placeholder: 'https://example.com/landing' });
  const code = h('input', { id: 'code', pattern: '[A-Za-z0-9_\\-]{3,64}', placeholder: 'random' });
  const title = h('input', { id: 'title', maxlength: 200 });
  const tags = h('input', { id: 'tags', placeholder: 'print, spring' });
  const styleForm = styleInputs('', DEFAULT_STYLE);
  const { fg, bg, ecc } = styleForm;
  const preview = h('img', { class: 'qr-image', id: 'preview', alt: 'Preview of the QR code' });
  const previewError = h('p', { class: 'error', role: 'alert' });
  const err = errorBox();
  const style = styleForm.value;

  let pending;
  const refreshPreview = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const c = code.value.trim() || SAMPLE_CODE;
      const url = '/api/v1/preview/qr.svg?' + new URLSearchParams({ code: c }) + '&' + imageQuery(style(), 256);
      const res = await fetch(url, { credentials: 'same-origin' });
      if (res.ok) {
        previewError.textContent = '';
        const old = preview.src;
        preview.src = URL.createObjectURL(await res.blob());
        if (old.startsWith('blob:')) URL.revokeObjectURL(old);
      } else {
        const problem = await res.json().catch(() => ({}));
        previewError.textContent = problem.detail || 'No preview';
      }
    }, 150);
  };
  [code, fg, bg, ecc].forEach((el) => el.addEventListener('input', refreshPreview));

  const form = h('form', { class: 'grid2', onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    const body = { target: target.value.trim() };
    if (code.value.trim()) body.code = code.value.trim();
    if (title.value.trim()) body.title = title.value.trim();
    const tagList = tags.value.split(',').map((t) => t.trim()).filter(Boolean);
    if (tagList.length) body.tags = tagList;
    body.style = style();
    try {
      const created = await api('POST', '/qr', body);
      toast('Created ' + created.code);
      go('#/qr/' + created.code);
    } catch (ex) { showError(err, ex); }
  } },
  h('div', { class: 'card' },
    field('Target URL', target), field('Custom code', code, '(optional, 3–64 of A–Z a–z 0–9 _ -)'),
    field('Title', title, '(optional)'), field('Tags', tags, '(comma-separated)'),
    styleForm.fields(),
    err, h('p', {}, h('button', { type: 'submit', id: 'create-submit' }, 'Create QR code'))),
  h('div', { class: 'card' }, h('h2', {}, 'Preview'), preview, previewError,
    h('p', { class: 'hint' }, 'Colors and error correction are saved with the QR code and apply to its images.')));
  render('Create a QR code', form);
  refreshPreview();
}

// ---- detail --------------------------------------------------------------------------------

async function detailPage(code) {
  render('QR code ' + code, h('p', { class: 'muted' }, 'Loading…'));
  const here = stillHere();
  let qr, history;
  try {
    [qr, history] = await Promise.all([api('GET', '/qr/' + encodeURIComponent(code)),
      api('GET', '/qr/' + encodeURIComponent(code) + '/history')]);
  } catch (ex) {
    if (!here()) return;
    const err = errorBox(); showError(err, ex);
    render('QR code ' + code, err, h('p', {}, h('a', { href: '#/' }, 'Back to the list')));
    return;
  }
  if (!here()) return; // the user went on meanwhile
  const style = Object.assign({}, DEFAULT_STYLE, qr.style);
  const styleEdit = styleInputs('edit-', style);
  const img = '/q/' + encodeURIComponent(code);
  const count = h('output', { id: 'live-count', class: 'live', 'aria-live': 'polite' }, qr.totalScans.toLocaleString());
  const dot = h('span', { class: 'live-dot', id: 'live-dot' });
  const liveState = h('span', { id: 'live-state' }, 'connecting…');
  const err = errorBox();
  const targetInput = h('input', { type: 'url', id: 'edit-target', value: qr.target, required: true });
  const archived = qr.status === 'archived';

  const change = async (body, done) => {
    err.textContent = '';
    try { await api('PATCH', '/qr/' + code, body); toast(done); detailPage(code); } catch (ex) { showError(err, ex); }
  };

  const analytics = h('section', { class: 'card', 'aria-labelledby': 'analytics-h' }, h('h2', { id: 'analytics-h' }, 'Scans'));
  render(qr.title ? qr.title + ' (' + code + ')' : 'QR code ' + code,
    h('div', { class: 'grid2' },
      h('section', { class: 'card', 'aria-labelledby': 'image-h' },
        h('h2', { id: 'image-h' }, 'Image'),
        h('img', { class: 'qr-image', id: 'qr-image', src: img + '.svg?' + styleVersion(style), alt: 'QR code for ' + qr.shortUrl }),
        h('p', { class: 'actions' },
          h('a', { class: 'button', id: 'download-png', href: img + '.png?size=1024&' + styleVersion(style), download: code + '.png' }, 'Download PNG'),
          h('a', { class: 'button secondary', id: 'download-svg', href: img + '.svg?' + styleVersion(style), download: code + '.svg' }, 'Download SVG')),
        h('p', {}, 'Short URL: ', h('a', { href: qr.shortUrl, id: 'short-url' }, qr.shortUrl))),
      h('section', { class: 'card', 'aria-labelledby': 'live-h' },
        h('h2', { id: 'live-h' }, 'Total scans'), count, h('p', { class: 'muted' }, dot, liveState),
        h('p', {}, 'Status: ', statusBadge(qr.status), ' · created ', fmtTime(qr.createdAt)),
        h('p', { class: 'target' }, 'Target: ', h('a', { href: qr.target, rel: 'noopener noreferrer' }, qr.target)),
        (qr.tags || []).length ? h('p', {}, qr.tags.map((t) => h('a', { class: 'tag', href: '#/?' + new URLSearchParams({ tag: t }) }, t))) : null)),
    h('div', { class: 'grid2' },
      h('section', { class: 'card', 'aria-labelledby': 'manage-h' },
        h('h2', { id: 'manage-h' }, 'Manage'),
        h('form', { onsubmit: (e) => { e.preventDefault(); change({ target: targetInput.value.trim() }, 'Target changed'); } },
          field('Target URL', targetInput),
          h('p', {}, h('button', { type: 'submit', id: 'save-target', disabled: archived }, 'Save target'))),
        h('form', { onsubmit: (e) => { e.preventDefault(); change({ style: styleEdit.value() }, 'Style saved'); } },
          styleEdit.fields(),
          h('p', {}, h('button', { type: 'submit', id: 'save-style', disabled: archived }, 'Save style'))),
        h('p', { class: 'actions' },
          qr.status === 'active' ? h('button', { type: 'button', class: 'secondary', id: 'pause', onclick: () => change({ status: 'paused' }, 'Paused') }, 'Pause') : null,
          qr.status === 'paused' ? h('button', { type: 'button', class: 'secondary', id: 'resume', onclick: () => change({ status: 'active' }, 'Resumed') }, 'Resume') : null,
          archived ? null : h('button', { type: 'button', class: 'danger', id: 'archive', onclick: async () => {
            if (!confirm('Archive ' + code + '? Scans will get "gone" from now on; this cannot be undone.')) return;
            try { await api('DELETE', '/qr/' + code); toast('Archived'); detailPage(code); } catch (ex) { showError(err, ex); }
          } }, 'Archive')),
        err),
      h('section', { class: 'card', 'aria-labelledby': 'history-h' },
        h('h2', { id: 'history-h' }, 'Target history'),
        h('ol', { class: 'timeline', id: 'history' }, history.changes.slice().reverse().map((c) => h('li', {},
          h('time', { datetime: c.at }, fmtTime(c.at)), h('br'),
          c.from ? h('span', { class: 'target' }, c.from + ' → ' + c.to) : h('span', { class: 'target' }, 'created with ' + c.to)))))),
    analytics);

  startLive(code, count, dot, liveState);
  loadAnalytics(code, analytics);
}

function startLive(code, output, dot, label) {
  const source = new EventSource('/api/v1/qr/' + encodeURIComponent(code) + '/scans/live');
  state.live = source;
  source.addEventListener('open', () => { dot.classList.add('on'); label.textContent = 'live'; });
  source.addEventListener('error', () => { dot.classList.remove('on'); label.textContent = 'reconnecting…'; });
  source.addEventListener('scans', (e) => {
    const data = JSON.parse(e.data);
    const changed = output.textContent !== data.totalScans.toLocaleString();
    output.textContent = data.totalScans.toLocaleString();
    output.dataset.count = data.totalScans;
    if (changed && state.refreshAnalytics) {
      clearTimeout(state.analyticsTimer);
      state.analyticsTimer = setTimeout(state.refreshAnalytics, ANALYTICS_REFRESH_MS);
    }
  });
}

// ---- analytics (GET /api/v1/qr/{code}/analytics, see docs) ----------------------------------

const RANGES = { '24h': [1, 'hour'], '7d': [7, 'hour'], '30d': [30, 'day'] };
const DIMENSIONS = [['country', 'Countries'], ['deviceType', 'Devices'], ['os', 'Operating systems'],
  ['browser', 'Browsers'], ['referrer', 'Referrers']];

function loadAnalytics(code, section) {
  const range = h('select', { id: 'range' }, Object.keys(RANGES).map((r) => h('option', { value: r, selected: r === '7d' }, 'Last ' + r)));
  const csv = h('a', { id: 'csv-export', class: 'button secondary' }, 'Export CSV');
  const body = h('div', { id: 'analytics' }, h('p', { class: 'muted' }, 'Loading…'));
  const controls = h('div', { class: 'row' }, field('Period', range), h('div', { class: 'shrink' }, csv));
  section.append(controls, body);

  const query = () => {
    const [days, granularity] = RANGES[range.value];
    const to = new Date();
    const from = new Date(to.getTime() - days * 86400000);
    return new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), granularity,
      tz: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
  };
  const refresh = async () => {
    const q = query();
    csv.href = '/api/v1/qr/' + encodeURIComponent(code) + '/analytics?' + q + '&format=csv';
    csv.setAttribute('download', code + '-analytics.csv');
    try {
      const data = await api('GET', '/qr/' + encodeURIComponent(code) + '/analytics?' + q);
      renderAnalytics(body, data);
    } catch (ex) {
      state.refreshAnalytics = null;
      controls.hidden = true;
      body.replaceChildren(h('p', { class: 'muted', id: 'analytics-unavailable' },
        ex instanceof ApiError && ex.status === 404
          ? 'Charts are not available on this server yet; the live counter above still works.'
          : 'Charts could not be loaded: ' + ex.message));
    }
  };
  range.addEventListener('change', refresh);
  state.refreshAnalytics = refresh;
  refresh();
}

function renderAnalytics(body, data) {
  state.charts.forEach((c) => c.destroy());
  state.charts = [];
  const t = data.totals;
  const chart = h('div', { class: 'chart', id: 'scans-chart', role: 'img',
    'aria-label': 'Scans over time: ' + t.scans + ' in the period' });
  body.replaceChildren(
    h('p', { id: 'analytics-totals' }, h('strong', {}, t.scans.toLocaleString()), ' scans · ',
      t.humanScans.toLocaleString(), ' by people · ', t.botScans.toLocaleString(), ' by bots · ',
      t.uniqueVisitors.toLocaleString(), ' unique visitors'),
    chart,
    h('div', { class: 'grid2' }, DIMENSIONS.map(([key, title]) => breakdown(title, data.breakdowns[key] || []))));
  if (window.uPlot && data.series.length) {
    const xs = data.series.map((b) => Date.parse(b.t) / 1000);
    const opts = {
      width: Math.max(280, chart.clientWidth), height: 220,
      series: [{}, { label: 'People', stroke: '#0b5cad', fill: '#0b5cad22' }, { label: 'Bots', stroke: '#b3261e' }],
      axes: [{}, { size: 50 }],
    };
    state.charts.push(new uPlot(opts, [xs, data.series.map((b) => b.humanScans), data.series.map((b) => b.botScans)], chart));
  }
}

function breakdown(title, rows) {
  const max = rows.reduce((m, r) => Math.max(m, r.count), 0) || 1;
  return h('div', {}, h('h3', {}, title), rows.length === 0 ? h('p', { class: 'muted' }, 'No scans yet')
    : h('table', { class: 'bars' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, title), h('th', { scope: 'col', class: 'num' }, 'Scans'), h('th', { scope: 'col' }, h('span', { class: 'hint' }, 'share')))),
      h('tbody', {}, rows.slice(0, 10).map((r) => h('tr', {},
        h('td', {}, r.key), h('td', { class: 'num' }, r.count.toLocaleString()),
        h('td', { 'aria-hidden': 'true' }, bar(r.count / max)))))));
}

function bar(share) {
  // Set through CSSOM: the content security policy refuses style attributes.
  const el = h('div', { class: 'bar' });
  el.style.width = Math.round(100 * share) + '%';
  return el;
}

// ---- router --------------------------------------------------------------------------------

// Pages beyond the QR codes live in their own files (microsites.js, insights.js, ...) and
// register here: page('/microsites', (rest, params) => ...) serves '#/microsites' and
// '#/microsites/<rest>'. Longer prefixes win.
const pages = [];

function page(prefix, render) {
  pages.push({ prefix, render });
  pages.sort((a, b) => b.prefix.length - a.prefix.length);
}

function registeredPage(path, params) {
  for (const p of pages) {
    if (path === p.prefix) return () => p.render('', params);
    if (path.startsWith(p.prefix + '/')) {
      return () => p.render(decodeURIComponent(path.slice(p.prefix.length + 1)), params);
    }
  }
  return null;
}

function stopPage() {
  if (state.live) { state.live.close(); state.live = null; }
  clearTimeout(state.analyticsTimer);
  state.refreshAnalytics = null;
  state.charts.forEach((c) => c.destroy());
  state.charts = [];
  state.leaving.forEach((f) => f());
  state.leaving = [];
}

/** Runs f when the user leaves the current page (stop timers, close streams). */
function onLeave(f) {
  state.leaving.push(f);
}

/** False once the user has navigated away: a late answer must not render over the next page. */
function stillHere() {
  let here = true;
  onLeave(() => { here = false; });
  return () => here;
}


async function route() {
  stopPage();
  const hash = location.hash.slice(1) || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  if (!state.session && path !== '/signup') return path === '/signin' ? signInPage() : go('#/signin');
  if (path === '/signin' || path === '/signup') return state.session ? go('#/') : (path === '/signup' ? signUpPage() : signInPage());
  const registered = registeredPage(path, params);
  if (registered) return registered();
  if (path === '/new') return createPage();
  if (path.startsWith('/qr/')) return detailPage(decodeURIComponent(path.slice(4)));
  return listPage(params);
}

async function boot() {
  try {
    state.session = await api('GET', '/auth/session');
  } catch (e) {
    state.session = null;
  }
  showNav();
  document.getElementById('sign-out').addEventListener('click', async () => {
    try { await api('DELETE', '/auth/session'); } catch (e) { /* the session is gone either way */ }
    state.session = null;
    showNav();
    go('#/signin');
  });
  window.addEventListener('hashchange', route);
  route();
}

document.addEventListener('DOMContentLoaded', boot);
