// qrflow dashboard: insights (feed + workflow editor), webhooks (endpoints, delivery log, replay)
// and notification settings. Uses app.js's helpers and page registry; text only through h().
'use strict';

const WEBHOOK_TOPICS = ['qr.created', 'qr.updated', 'qr.deleted', 'qr.scanned', 'microsite.created',
  'microsite.published', 'ml.generation.complete', 'ml.anomaly.detected', 'insights.alert'];
const TRIGGER_KINDS = [['scan-threshold', 'Scans over a threshold'], ['first-scan', 'First scan'],
  ['new-country', 'Scan from a new country'], ['anomaly', 'Anomaly detected'], ['digest', 'Digest (daily or weekly)']];
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const EMAIL_KINDS = { 'qr-created': 'A QR code was created', 'microsite-created': 'A microsite was created',
  'microsite-published': 'A microsite was published', 'generation-complete': 'An AI generation finished',
  'insights-alert': 'An insights workflow fired' };
const DELIVERY_REFRESH_MS = 3000;

function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Shows a loading page, then resolves to the data, or to null when the user left meanwhile or
 * the load failed (then the page says why and links back to [href, text]).
 */
async function loadPage(title, back, load) {
  render(title, loadingCard());
  const here = stillHere();
  try {
    const data = await load();
    return here() ? data : null;
  } catch (ex) {
    if (!here()) return null;
    const err = errorBox(); showError(err, ex);
    render(title, err, h('p', {}, h('a', { href: back[0] }, back[1])));
    return null;
  }
}

function loadingCard() {
  return h('div', { class: 'card' }, h('p', { class: 'muted' }, 'Loading…'));
}

function failed(container, ex) {
  const err = errorBox();
  showError(err, ex);
  container.replaceChildren(err);
}

function checkbox(id, label, checked) {
  const input = h('input', { type: 'checkbox', id, checked: !!checked });
  return { input, el: h('div', { class: 'check' }, input, h('label', { for: id }, label)) };
}

function table(caption, columns, rows, id) {
  return h('table', { class: 'list', id },
    h('caption', { class: 'muted' }, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows));
}

function cell(label, ...content) {
  return h('td', { 'data-label': label }, ...content);
}

// ---- insights: feed + workflows ------------------------------------------------------------

function describeTrigger(t) {
  const on = t.code ? 'code ' + t.code : t.tag ? 'tag ' + t.tag : 'any code';
  switch (t.kind) {
    case 'scan-threshold': return 'At least ' + t.threshold + ' scans in ' + t.windowMinutes + ' min on ' + on;
    case 'first-scan': return 'First scan of ' + on;
    case 'new-country': return 'Scan from a new country on ' + on;
    case 'anomaly': return 'Anomaly on ' + on;
    case 'digest': return (t.period === 'weekly' ? 'Weekly digest on ' + t.day.toLowerCase() : 'Daily digest')
      + ' at ' + t.time + ' (' + t.zone + ')';
    default: return t.kind;
  }
}

function describeActions(a, hooks) {
  const names = [];
  if (a.email) names.push('e-mail');
  if (a.webhookEndpointId) {
    const hook = hooks.find((w) => w.id === a.webhookEndpointId);
    names.push('webhook ' + (hook ? hook.url : '(deleted)'));
  }
  return names.join(' + ');
}

async function insightsPage() {
  const feedCard = loadingCard();
  const flowsCard = loadingCard();
  render('Insights', feedCard, flowsCard);
  let feed, flows, hooks;
  try {
    [feed, flows, hooks] = await Promise.all([api('GET', '/insights?zone=' + encodeURIComponent(browserZone())),
      api('GET', '/workflows'), api('GET', '/webhooks')]);
  } catch (ex) { failed(feedCard, ex); flowsCard.remove(); return; }
  const names = Object.fromEntries(flows.map((w) => [w.id, w.name]));
  feedCard.replaceChildren(h('h2', {}, 'This week'),
    h('ul', { class: 'feed', id: 'feed' }, feed.items.map((i) => h('li', { class: 'feed-' + i.kind }, i.title))),
    h('h2', {}, 'Alerts'),
    feed.alerts.length === 0 ? h('p', { class: 'muted', id: 'alerts' }, 'No workflow has fired yet.')
      : table('Latest firings, newest first', ['When', 'Workflow', 'Alert', 'Code'],
        feed.alerts.map((a) => h('tr', {},
          cell('When', h('time', { datetime: a.firedAt }, fmtTime(a.firedAt))),
          cell('Workflow', names[a.workflowId] || '(deleted)'),
          cell('Alert', h('strong', {}, a.title), a.detail ? h('br') : null, a.detail ? h('span', { class: 'muted' }, a.detail) : null),
          cell('Code', a.code ? h('a', { href: '#/qr/' + encodeURIComponent(a.code) }, a.code) : ''))), 'alerts'));
  flowsCard.replaceChildren(h('div', { class: 'row' }, h('h2', {}, 'Workflows'),
    h('div', { class: 'shrink' }, h('a', { class: 'button', href: '#/insights/new', id: 'new-workflow' }, 'New workflow'))),
  flows.length === 0 ? h('p', { class: 'muted' }, 'No workflows yet: a workflow e-mails you or calls a webhook when its trigger fires.')
    : table(flows.length + ' workflow' + (flows.length === 1 ? '' : 's'), ['Name', 'Trigger', 'Actions', 'Enabled', ''],
      flows.map((w) => workflowRow(w, hooks, flowsCard)), 'workflows'));
}

function workflowRow(w, hooks, card) {
  const err = errorBox();
  const toggle = h('input', { type: 'checkbox', id: 'enabled-' + w.id, checked: w.enabled, onchange: async () => {
      try {
        await api('PUT', '/workflows/' + w.id, workflowBody(w, toggle.checked));
        toast(w.name + (toggle.checked ? ' enabled' : ' disabled'));
      } catch (ex) { toggle.checked = !toggle.checked; showError(err, ex); }
    } });
  return h('tr', {},
    cell('Name', h('a', { href: '#/insights/' + w.id }, w.name)),
    cell('Trigger', describeTrigger(w.trigger)),
    cell('Actions', describeActions(w.actions, hooks)),
    cell('Enabled', toggle, h('label', { for: toggle.id, class: 'visually-hidden' }, w.name + ' enabled'), err),
    cell('', h('button', { type: 'button', class: 'danger small', onclick: async () => {
      if (!confirm('Delete the workflow "' + w.name + '"?')) return;
      try { await api('DELETE', '/workflows/' + w.id); toast('Deleted ' + w.name); insightsPage(); } catch (ex) { showError(err, ex); }
    } }, 'Delete')));
}

function workflowBody(w, enabled) {
  const t = Object.fromEntries(Object.entries(w.trigger).filter(([, v]) => v !== null && v !== undefined));
  return { name: w.name, enabled, trigger: t,
    actions: { email: w.actions.email, webhookEndpointId: w.actions.webhookEndpointId || null } };
}

async function workflowPage(id) {
  const isNew = id === 'new';
  const loaded = await loadPage(isNew ? 'New workflow' : 'Edit workflow', ['#/insights', 'Back to insights'],
    () => Promise.all([isNew ? null : api('GET', '/workflows/' + encodeURIComponent(id)), api('GET', '/webhooks')]));
  if (!loaded) return;
  const [w, hooks] = loaded;
  const t = (w && w.trigger) || { kind: 'scan-threshold', threshold: 10, windowMinutes: 60 };
  const a = (w && w.actions) || { email: true };
  const name = h('input', { id: 'wf-name', required: true, maxlength: 100, value: w ? w.name : '' });
  const enabled = checkbox('wf-enabled', 'Enabled', w ? w.enabled : true);
  const kind = h('select', { id: 'wf-kind' }, TRIGGER_KINDS.map(([v, label]) => h('option', { value: v, selected: v === t.kind }, label)));
  const scope = h('select', { id: 'wf-scope' }, [['code', 'One code'], ['tag', 'Codes with a tag'], ['any', 'Any code']]
    .map(([v, label]) => h('option', { value: v, selected: v === (t.tag ? 'tag' : t.code ? 'code' : 'any') }, label)));
  const target = h('input', { id: 'wf-target', value: t.tag || t.code || '', maxlength: 64, placeholder: 'e.g. spring-poster or print' });
  const threshold = h('input', { type: 'number', id: 'wf-threshold', min: 1, value: t.threshold || 10 });
  const windowMinutes = h('input', { type: 'number', id: 'wf-window', min: 1, max: 43200, value: t.windowMinutes || 60 });
  const period = h('select', { id: 'wf-period' }, ['daily', 'weekly'].map((p) => h('option', { value: p, selected: p === t.period }, p)));
  const day = h('select', { id: 'wf-day' }, DAYS.map((d) => h('option', { value: d, selected: d === t.day }, d.charAt(0) + d.slice(1).toLowerCase())));
  const time = h('input', { type: 'time', id: 'wf-time', value: t.time || '09:00' });
  const zone = h('input', { id: 'wf-zone', value: t.zone || browserZone(), placeholder: 'Europe/Berlin' });
  const email = checkbox('wf-email', 'E-mail me', a.email);
  const webhook = h('select', { id: 'wf-webhook' }, h('option', { value: '' }, 'No webhook'),
    hooks.map((hook) => h('option', { value: hook.id, selected: hook.id === a.webhookEndpointId }, hook.url)));
  const err = errorBox();

  const scopeBox = h('div', { class: 'row' }, field('Applies to', scope), field('Code or tag', target));
  const thresholdBox = h('div', { class: 'row' }, field('Scans', threshold, '(at least)'), field('Within minutes', windowMinutes));
  const digestBox = h('div', { class: 'row' }, field('Period', period), field('Day', day), field('Time', time), field('Time zone', zone));
  const sync = () => {
    const k = kind.value;
    digestBox.hidden = k !== 'digest';
    thresholdBox.hidden = k !== 'scan-threshold';
    scopeBox.hidden = k === 'digest';
    // A threshold needs a code or a tag; the other triggers take an optional code only.
    scope.querySelector('option[value=tag]').disabled = k !== 'scan-threshold';
    scope.querySelector('option[value=any]').disabled = k === 'scan-threshold';
    if (scope.selectedOptions[0].disabled) scope.value = 'code';
    target.parentElement.hidden = scope.value === 'any';
    day.parentElement.hidden = period.value !== 'weekly';
  };
  [kind, scope, period].forEach((el) => el.addEventListener('change', sync));

  const trigger = () => {
    const k = kind.value;
    const out = { kind: k };
    if (k !== 'digest' && scope.value !== 'any' && target.value.trim()) out[scope.value] = target.value.trim();
    if (k === 'scan-threshold') {
      out.threshold = parseInt(threshold.value, 10);
      out.windowMinutes = parseInt(windowMinutes.value, 10);
    }
    if (k === 'digest') {
      Object.assign(out, { period: period.value, time: time.value, zone: zone.value.trim() });
      if (period.value === 'weekly') out.day = day.value;
    }
    return out;
  };
  const form = h('form', { class: 'card', id: 'workflow-form', onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    const body = { name: name.value.trim(), enabled: enabled.input.checked, trigger: trigger(),
      actions: { email: email.input.checked, webhookEndpointId: webhook.value || null } };
    try {
      await api(isNew ? 'POST' : 'PUT', isNew ? '/workflows' : '/workflows/' + encodeURIComponent(id), body);
      toast('Saved ' + body.name);
      go('#/insights');
    } catch (ex) { showError(err, ex); }
  } },
  field('Name', name), enabled.el,
  h('fieldset', {}, h('legend', {}, 'When'), field('Trigger', kind), scopeBox, thresholdBox, digestBox),
  h('fieldset', {}, h('legend', {}, 'Then'), email.el, field('Call webhook', webhook,
    hooks.length ? null : '(register one under Webhooks first)')),
  err,
  h('p', { class: 'actions' }, h('button', { type: 'submit', id: 'wf-save' }, 'Save workflow'),
    h('a', { class: 'button secondary', href: '#/insights' }, 'Cancel')));
  render(isNew ? 'New workflow' : 'Edit ' + w.name, form);
  sync();
}

page('/insights', (rest) => (rest ? workflowPage(rest) : insightsPage()));

// ---- webhooks ------------------------------------------------------------------------------

function secretBox(secret) {
  return h('div', { class: 'card secret', role: 'alert', id: 'secret-box' },
    h('h2', {}, 'Signing secret'),
    h('p', {}, 'Copy it now: it is shown only once. Receivers verify X-Qrflow-Signature with it.'),
    h('code', { id: 'webhook-secret' }, secret));
}

async function webhooksPage() {
  const url = h('input', { type: 'url', id: 'wh-url', required: true, placeholder: 'https://example.com/qrflow' });
  const description = h('input', { id: 'wh-description', maxlength: 200 });
  const topics = WEBHOOK_TOPICS.map((t) => checkbox('wh-topic-' + t.replace(/\./g, '-'), t, t === 'insights.alert'));
  const err = errorBox();
  const list = loadingCard();
  const form = h('form', { class: 'card', id: 'webhook-form', onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    const chosen = WEBHOOK_TOPICS.filter((t, i) => topics[i].input.checked);
    try {
      const created = await api('POST', '/webhooks', { url: url.value.trim(), topics: chosen,
        description: description.value.trim() || null });
      // The secret never comes back from the API: show it on the endpoint's page, now only.
      state.webhookSecret = { id: created.id, secret: created.secret };
      go('#/webhooks/' + created.id);
    } catch (ex) { showError(err, ex); }
  } },
  h('h2', {}, 'Register an endpoint'),
  field('URL', url, '(https)'), field('Description', description, '(optional)'),
  h('fieldset', {}, h('legend', {}, 'Topics'), h('div', { class: 'checks' }, topics.map((t) => t.el))),
  err, h('p', {}, h('button', { type: 'submit', id: 'wh-create' }, 'Register webhook')));
  render('Webhooks', list, form);
  try {
    const hooks = await api('GET', '/webhooks');
    list.replaceChildren(h('h2', {}, 'Your endpoints'), hooks.length === 0 ? h('p', { class: 'muted' }, 'None yet.')
      : table(hooks.length + ' endpoint' + (hooks.length === 1 ? '' : 's'), ['URL', 'Topics', 'Created'],
        hooks.map((w) => h('tr', {},
          cell('URL', h('a', { class: 'target', href: '#/webhooks/' + w.id }, w.url),
            w.description ? h('span', { class: 'muted' }, ' · ' + w.description) : null),
          cell('Topics', w.topics.map((t) => h('span', { class: 'tag' }, t))),
          cell('Created', fmtTime(w.createdAt)))), 'webhooks'));
  } catch (ex) { failed(list, ex); }
}

async function webhookPage(id) {
  const hook = await loadPage('Webhook', ['#/webhooks', 'Back to webhooks'],
    () => api('GET', '/webhooks/' + encodeURIComponent(id)));
  if (!hook) return;
  const here = stillHere();
  const once = state.webhookSecret && state.webhookSecret.id === hook.id ? state.webhookSecret.secret : null;
  state.webhookSecret = null;
  const secretSlot = h('div', {}, once ? secretBox(once) : null);
  const err = errorBox();
  const deliveries = h('section', { class: 'card', 'aria-labelledby': 'deliveries-h' },
    h('h2', { id: 'deliveries-h' }, 'Deliveries'), h('p', { class: 'muted' }, 'Loading…'));
  render(hook.url, secretSlot,
    h('section', { class: 'card' },
      h('p', {}, 'Topics: ', hook.topics.map((t) => h('span', { class: 'tag' }, t))),
      hook.description ? h('p', {}, hook.description) : null,
      h('p', { class: 'muted' }, 'Registered ', fmtTime(hook.createdAt),
        hook.secretRotatedAt ? ' · secret rotated ' + fmtTime(hook.secretRotatedAt) : ''),
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'wh-rotate', onclick: async () => {
          if (!confirm('Rotate the secret? Receivers must switch to the new one.')) return;
          try {
            const rotated = await api('POST', '/webhooks/' + hook.id + '/rotate-secret');
            secretSlot.replaceChildren(secretBox(rotated.secret));
          } catch (ex) { showError(err, ex); }
        } }, 'Rotate secret'),
        h('button', { type: 'button', class: 'danger', id: 'wh-delete', onclick: async () => {
          if (!confirm('Delete this webhook? Pending deliveries are given up.')) return;
          try { await api('DELETE', '/webhooks/' + hook.id); toast('Webhook deleted'); go('#/webhooks'); } catch (ex) { showError(err, ex); }
        } }, 'Delete webhook')),
      err),
    deliveries);
  const refresh = async (fromTimer) => {
    // A re-render would take the keyboard focus away from a button in the table.
    if (fromTimer === true && deliveries.contains(document.activeElement)) return;
    try {
      const log = await api('GET', '/webhooks/' + hook.id + '/deliveries?limit=50');
      deliveries.replaceChildren(h('h2', { id: 'deliveries-h' }, 'Deliveries'), deliveryTable(hook, log.items, refresh));
    } catch (ex) { failed(deliveries, ex); }
  };
  await refresh();
  if (!here()) return;
  const timer = setInterval(() => refresh(true), DELIVERY_REFRESH_MS);
  onLeave(() => clearInterval(timer));
}

function deliveryTable(hook, items, refresh) {
  if (items.length === 0) return h('p', { class: 'muted', id: 'deliveries' }, 'Nothing sent yet.');
  return table('Newest first; refreshed every few seconds', ['Time', 'Topic', 'Status', 'Attempts', 'Response', ''],
    items.map((d) => {
      const last = d.log.length ? d.log[d.log.length - 1] : null;
      return h('tr', { 'data-delivery': d.id },
        cell('Time', h('time', { datetime: d.createdAt }, fmtTime(d.createdAt))),
        cell('Topic', d.topic),
        cell('Status', h('span', { class: 'status ' + d.status }, d.status),
          d.replays ? h('span', { class: 'muted' }, ' · replayed ' + d.replays + '×') : null),
        cell('Attempts', d.log.length === 0 ? String(d.attempts) : h('details', {},
          h('summary', {}, String(d.attempts)),
          h('ol', { class: 'attempts' }, d.log.map((a) => h('li', {}, fmtTime(a.at), ': ',
            a.statusCode ? 'HTTP ' + a.statusCode : (a.error || 'no answer'), ' (' + a.durationMs + ' ms)'))))),
        cell('Response', d.lastStatusCode ? 'HTTP ' + d.lastStatusCode : (d.lastError || ''),
          last ? h('span', { class: 'muted' }, ' (' + last.durationMs + ' ms)') : null),
        cell('', h('button', { type: 'button', class: 'secondary small', 'aria-label': 'Replay delivery of ' + fmtTime(d.createdAt),
          onclick: async (e) => {
            e.target.disabled = true;
            try {
              await api('POST', '/webhooks/' + hook.id + '/deliveries/' + d.id + '/replay');
              toast('Replay queued');
              refresh();
            } catch (ex) { e.target.disabled = false; toast(ex.message); }
          } }, 'Replay')));
    }), 'deliveries');
}

page('/webhooks', (rest) => (rest ? webhookPage(rest) : webhooksPage()));

// ---- notification settings -----------------------------------------------------------------

async function settingsPage() {
  const prefsCard = loadingCard();
  const logCard = loadingCard();
  render('Notifications', prefsCard, logCard);
  try {
    const [prefs, log] = await Promise.all([api('GET', '/notifications/preferences'),
      api('GET', '/notifications/deliveries?limit=50')]);
    const boxes = Object.entries(prefs.preferences).map(([kind, on]) =>
      ({ kind, ...checkbox('pref-' + kind, EMAIL_KINDS[kind] || kind, on) }));
    const err = errorBox();
    prefsCard.replaceChildren(h('form', { id: 'prefs-form', onsubmit: async (e) => {
      e.preventDefault();
      err.textContent = '';
      try {
        await api('PUT', '/notifications/preferences',
          { preferences: Object.fromEntries(boxes.map((b) => [b.kind, b.input.checked])) });
        toast('Preferences saved');
      } catch (ex) { showError(err, ex); }
    } },
    h('fieldset', {}, h('legend', {}, 'E-mail me when…'), boxes.map((b) => b.el)),
    h('p', { class: 'hint' }, 'The welcome mail with the verification link is always sent.'),
    err, h('p', {}, h('button', { type: 'submit', id: 'prefs-save' }, 'Save preferences'))));
    logCard.replaceChildren(h('h2', {}, 'E-mails sent to you'), log.items.length === 0 ? h('p', { class: 'muted' }, 'None yet.')
      : table('Newest first', ['Time', 'Kind', 'Subject', 'Status', 'Attempts'], log.items.map((d) => h('tr', {},
        cell('Time', h('time', { datetime: d.sentAt || d.createdAt }, fmtTime(d.sentAt || d.createdAt))),
        cell('Kind', d.kind),
        cell('Subject', d.subject || ''),
        cell('Status', h('span', { class: 'status ' + d.status }, d.status), d.lastError ? h('span', { class: 'muted' }, ' ' + d.lastError) : null),
        cell('Attempts', String(d.attempts)))), 'email-log'));
  } catch (ex) { failed(prefsCard, ex); logCard.remove(); }
}

page('/settings', () => settingsPage());
