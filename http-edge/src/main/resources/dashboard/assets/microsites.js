// qrflow dashboard: microsites (list, block editor with server-rendered preview, publishing,
// generated drafts, version history). Uses app.js helpers; text only through h(), never innerHTML.
'use strict';

const MS_PAGE_SIZE = 20;
const MS_POLL_MS = 1000;
const MS_PREVIEW_DELAY_MS = 300;
const MS_FONTS = ['system', 'serif', 'mono', 'rounded'];
const MS_LAYOUTS = ['centered', 'cards', 'list'];
const MS_TONES = ['friendly', 'professional', 'playful', 'formal', 'enthusiastic', 'calm'];
// The languages the built-in template generator writes (docs: README, Microsites).
const MS_LANGUAGES = [['en', 'English'], ['de', 'Deutsch'], ['fr', 'Français'], ['es', 'Español']];
const MS_NETWORKS = ['instagram', 'facebook', 'x', 'linkedin', 'youtube', 'tiktok', 'github', 'mastodon',
  'website', 'whatsapp', 'telegram', 'pinterest'];
const MS_DEFAULT_THEME = { primaryColor: '#2457d6', backgroundColor: '#ffffff', textColor: '#1b1f24', font: 'system', layout: 'centered' };

// Every block kind: its label, a new block, and its fields [key, label, kind, hint].
const MS_KINDS = {
  heading: { label: 'Heading', make: () => ({ type: 'heading', text: '', level: 2 }),
    fields: [['text', 'Text'], ['level', 'Level', 'level']] },
  markdown: { label: 'Text (Markdown)', make: () => ({ type: 'markdown', text: '' }),
    fields: [['text', 'Text', 'textarea', '(Markdown: **bold**, lists, links)']] },
  link: { label: 'Link button', make: () => ({ type: 'link', label: '', url: '' }),
    fields: [['label', 'Label'], ['url', 'URL', 'url']] },
  image: { label: 'Image', make: () => ({ type: 'image', url: '', alt: '' }),
    fields: [['url', 'Image URL', 'url'], ['alt', 'Description', null, '(for screen readers)']] },
  contact: { label: 'Contact card', make: () => ({ type: 'contact', name: '' }),
    fields: [['name', 'Name'], ['organization', 'Organization'], ['jobTitle', 'Job title'], ['phone', 'Phone', 'tel'],
      ['email', 'E-mail', 'email'], ['website', 'Website', 'url'], ['address', 'Address']] },
  social: { label: 'Social links', make: () => ({ type: 'social', links: [{ network: 'instagram', url: '' }] }), fields: [] },
  qr: { label: 'QR code of another code', make: () => ({ type: 'qr', code: '', caption: '' }),
    fields: [['code', 'QR code', 'code', '(one of your codes)'], ['caption', 'Caption']] },
};

const msPath = (slug) => '/microsites/' + encodeURIComponent(slug);

// ---- list and create -----------------------------------------------------------------------

async function micrositesPage(params) {
  const page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
  const body = h('div', { class: 'card' }, h('p', { class: 'muted' }, 'Loading…'));
  render('Microsites', body, micrositeCreateForm());
  try {
    const result = await api('GET', '/microsites?' + new URLSearchParams({ page, size: MS_PAGE_SIZE }));
    body.replaceChildren(micrositeTable(result));
  } catch (ex) {
    const err = errorBox(); showError(err, ex); body.replaceChildren(err);
  }
}

function micrositeTable(result) {
  if (result.items.length === 0) return h('p', { id: 'ms-empty' }, 'No microsites yet. Create one below.');
  const pages = Math.max(1, Math.ceil(result.total / result.size));
  const link = (p) => '#/microsites?' + new URLSearchParams({ page: p });
  return h('div', {},
    h('table', { class: 'list', id: 'ms-list' },
      h('caption', { class: 'muted' }, result.total + ' microsite' + (result.total === 1 ? '' : 's')),
      h('thead', {}, h('tr', {}, ['Title', 'Slug', 'State', 'Public page'].map((c) => h('th', { scope: 'col' }, c)),
        h('th', { scope: 'col', class: 'num' }, 'Views'))),
      h('tbody', {}, result.items.map((s) => h('tr', {},
        h('td', { 'data-label': 'Title' }, h('a', { href: '#' + msPath(s.slug) }, s.title)),
        h('td', { 'data-label': 'Slug' }, s.slug),
        h('td', { 'data-label': 'State' }, publishedBadge(s.published)),
        h('td', { 'data-label': 'Public page', class: 'target' },
          s.published ? h('a', { href: '/m/' + s.slug, rel: 'noopener' }, '/m/' + s.slug) : h('span', { class: 'muted' }, 'not published')),
        h('td', { 'data-label': 'Views', class: 'num' }, s.views.toLocaleString()))))),
    pages > 1 ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
      result.page > 0 ? h('a', { href: link(result.page - 1) }, '← Previous') : null,
      h('span', {}, 'Page ' + (result.page + 1) + ' of ' + pages),
      result.page + 1 < pages ? h('a', { href: link(result.page + 1) }, 'Next →') : null) : null);
}

function publishedBadge(published) {
  return h('span', { class: 'status ' + (published ? 'active' : 'paused') }, published ? 'published' : 'draft');
}

function micrositeCreateForm() {
  const slug = h('input', { id: 'ms-new-slug', required: true, pattern: '[a-z0-9][a-z0-9\\-]{1,62}[a-z0-9]', placeholder: 'spring-menu' });
  const title = h('input', { id: 'ms-new-title', required: true, maxlength: 200 });
  const err = errorBox();
  return h('form', { class: 'card', 'aria-labelledby': 'ms-new-h', onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      const created = await api('POST', '/microsites', { slug: slug.value.trim(), title: title.value.trim() });
      toast('Created ' + created.slug);
      go('#' + msPath(created.slug));
    } catch (ex) { showError(err, ex); }
  } },
  h('h2', { id: 'ms-new-h' }, 'Create a microsite'),
  h('div', { class: 'row' }, field('Title', title), field('Slug', slug, '(3–64 of a–z 0–9 -, the page is /m/slug)')),
  err, h('p', {}, h('button', { type: 'submit', id: 'ms-create' }, 'Create microsite')));
}

// ---- editor --------------------------------------------------------------------------------

async function micrositeEditor(slug) {
  render('Microsite ' + slug, h('p', { class: 'muted' }, 'Loading…'));
  let site, codes;
  try {
    [site, codes] = await Promise.all([api('GET', msPath(slug)),
      api('GET', '/qr?' + new URLSearchParams({ page: 0, size: 100 })).then((r) => r.items.map((q) => q.code), () => [])]);
  } catch (ex) {
    const err = errorBox(); showError(err, ex);
    render('Microsite ' + slug, err, h('p', {}, h('a', { href: '#/microsites' }, 'Back to the microsites')));
    return;
  }
  const ed = { slug, site, codes, blocks: structuredClone(site.blocks || []), alive: true, timers: [] };
  onLeave(() => { ed.alive = false; ed.timers.forEach(clearTimeout); });
  buildEditor(ed);
}

function buildEditor(ed) {
  const site = ed.site;
  const theme = Object.assign({}, MS_DEFAULT_THEME, site.theme);
  ed.title = h('input', { id: 'ms-title', value: site.title, required: true, maxlength: 200 });
  ed.tagline = h('input', { id: 'ms-tagline', value: site.tagline || '', maxlength: 200 });
  ed.theme = {
    primaryColor: h('input', { type: 'color', id: 'ms-primary', value: theme.primaryColor }),
    backgroundColor: h('input', { type: 'color', id: 'ms-background', value: theme.backgroundColor }),
    textColor: h('input', { type: 'color', id: 'ms-text', value: theme.textColor }),
    font: h('select', { id: 'ms-font' }, MS_FONTS.map((f) => h('option', { value: f, selected: f === theme.font }, f))),
    layout: h('select', { id: 'ms-layout' }, MS_LAYOUTS.map((l) => h('option', { value: l, selected: l === theme.layout }, l))),
  };
  ed.linked = h('input', { id: 'ms-linked', value: (site.linkedCodes || []).join(', '), placeholder: 'spring-poster, Ab3dE5g' });
  ed.blockList = h('ol', { class: 'ms-blocks', id: 'ms-blocks' });
  ed.err = errorBox();
  ed.previewState = h('p', { class: 'hint', id: 'ms-preview-state', role: 'status' });
  ed.preview = h('iframe', { id: 'ms-preview', class: 'ms-preview', title: 'Preview of the page', sandbox: 'allow-same-origin' });
  const kind = h('select', { id: 'ms-add-kind' }, Object.entries(MS_KINDS).map(([k, v]) => h('option', { value: k }, v.label)));
  const changed = () => schedulePreview(ed);
  [ed.title, ed.tagline, ed.linked, ...Object.values(ed.theme)].forEach((el) => el.addEventListener('input', changed));

  const form = h('form', { class: 'card', 'aria-labelledby': 'ms-content-h', onsubmit: (e) => { e.preventDefault(); saveSite(ed); } },
    h('h2', { id: 'ms-content-h' }, 'Content'),
    h('datalist', { id: 'ms-codes' }, ed.codes.map((c) => h('option', { value: c }))),
    field('Title', ed.title), field('Tagline', ed.tagline, '(optional)'),
    h('fieldset', { class: 'ms-theme' }, h('legend', {}, 'Theme'),
      h('div', { class: 'grid3' }, field('Primary color', ed.theme.primaryColor), field('Background', ed.theme.backgroundColor),
        field('Text color', ed.theme.textColor)),
      h('div', { class: 'row' }, field('Font', ed.theme.font), field('Layout', ed.theme.layout))),
    h('h3', {}, 'Blocks'), ed.blockList,
    h('div', { class: 'row' }, field('New block', kind), h('div', { class: 'shrink' },
      h('button', { type: 'button', class: 'secondary', id: 'ms-add-block', onclick: () => {
        ed.blocks.push(MS_KINDS[kind.value].make());
        renderBlocks(ed, ed.blocks.length - 1, 'first');
        changed();
      } }, 'Add block'))),
    field('Linked QR codes', ed.linked, '(comma-separated; codes that lead to this page)'),
    ed.err,
    h('p', {}, h('button', { type: 'submit', id: 'ms-save' }, 'Save')));

  ed.statusLine = h('p', { id: 'ms-status' });
  ed.generation = h('section', { class: 'card', id: 'ms-generation', 'aria-labelledby': 'ms-gen-h' });
  ed.history = h('section', { class: 'card', 'aria-labelledby': 'ms-history-h' });
  render(site.title + ' (microsite)',
    h('section', { class: 'card', 'aria-labelledby': 'ms-publish-h' }, h('h2', { id: 'ms-publish-h', class: 'visually-hidden' }, 'Publishing'),
      ed.statusLine, h('p', { class: 'actions' },
        h('button', { type: 'button', id: 'ms-publish', class: 'secondary', onclick: () => togglePublished(ed) }, site.published ? 'Unpublish' : 'Publish'),
        h('button', { type: 'button', id: 'ms-delete', class: 'danger', onclick: () => deleteSite(ed) }, 'Delete'),
        h('a', { href: '#/microsites' }, 'All microsites'))),
    h('div', { class: 'grid2 ms-editor' }, form,
      h('section', { class: 'card ms-preview-card', 'aria-labelledby': 'ms-preview-h' },
        h('h2', { id: 'ms-preview-h' }, 'Preview'), ed.previewState, ed.preview)),
    ed.generation, ed.history);
  showStatus(ed);
  renderBlocks(ed);
  renderGeneration(ed);
  renderHistory(ed);
  schedulePreview(ed, 0);
  if (site.generation && site.generation.status === 'PENDING') pollGeneration(ed);
}

function showStatus(ed) {
  const s = ed.site;
  ed.statusLine.replaceChildren(publishedBadge(s.published), ' Version ' + s.version,
    s.published ? [' · published version ' + s.publishedVersion + ' at ', h('a', { id: 'ms-public-link', href: s.url, rel: 'noopener' }, s.url)]
      : ' · not published: /m/' + s.slug + ' answers 404',
    ' · ' + s.views.toLocaleString() + ' views, ' + s.clicks.toLocaleString() + ' clicks');
  const button = document.getElementById('ms-publish');
  if (button) button.textContent = s.published ? 'Unpublish' : 'Publish';
}

// ---- blocks --------------------------------------------------------------------------------

/** Re-renders the block list; focus goes to the block `focusIndex` (its `focusWhat` control). */
function renderBlocks(ed, focusIndex, focusWhat) {
  ed.blockList.replaceChildren(...ed.blocks.map((b, i) => blockEditor(ed, b, i)));
  if (ed.blocks.length === 0) ed.blockList.append(h('li', { class: 'muted' }, 'No blocks yet.'));
  if (focusIndex !== undefined && ed.blocks[focusIndex]) {
    const item = ed.blockList.children[focusIndex];
    const target = focusWhat === 'first' ? item.querySelector('input, textarea, select')
      : item.querySelector('[data-action="' + focusWhat + '"]:not([disabled])') || item.querySelector('button:not([disabled])');
    if (target) target.focus();
  }
}

function blockEditor(ed, block, i) {
  const kind = MS_KINDS[block.type];
  const id = 'ms-b' + i + '-';
  const changed = () => schedulePreview(ed);
  const move = (to, what) => {
    const [b] = ed.blocks.splice(i, 1);
    ed.blocks.splice(to, 0, b);
    renderBlocks(ed, to, what);
    changed();
  };
  const tools = h('div', { class: 'actions ms-block-tools' },
    h('button', { type: 'button', class: 'secondary', 'data-action': 'up', disabled: i === 0,
      'aria-label': 'Move block ' + (i + 1) + ' up', onclick: () => move(i - 1, 'up') }, '↑ Up'),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'down', disabled: i === ed.blocks.length - 1,
      'aria-label': 'Move block ' + (i + 1) + ' down', onclick: () => move(i + 1, 'down') }, '↓ Down'),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'remove', 'aria-label': 'Remove block ' + (i + 1),
      onclick: () => { ed.blocks.splice(i, 1); renderBlocks(ed, Math.min(i, ed.blocks.length - 1), 'remove'); changed(); } }, 'Remove'));
  const fields = kind.fields.map(([key, label, type, hint]) =>
    field(label, blockInput(ed, block, key, type, id + key, changed), hint));
  if (block.type === 'social') fields.push(socialEditor(ed, block, id, changed));
  return h('li', { class: 'ms-block', 'data-type': block.type },
    h('fieldset', {}, h('legend', {}, (i + 1) + '. ' + kind.label), ...fields, tools));
}

function blockInput(ed, block, key, type, id, changed) {
  const value = block[key] === undefined || block[key] === null ? '' : String(block[key]);
  let input;
  if (type === 'textarea') input = h('textarea', { id, rows: 5 }, value);
  else if (type === 'level') {
    input = h('select', { id }, [1, 2, 3].map((n) => h('option', { value: n, selected: Number(value) === n }, ['Large', 'Medium', 'Small'][n - 1])));
  } else if (type === 'code') {
    input = h('input', { id, value, list: 'ms-codes', pattern: '[A-Za-z0-9_\\-]{3,64}' });
  } else input = h('input', { id, value, type: type === 'url' || type === 'email' || type === 'tel' ? type : 'text' });
  input.addEventListener('input', () => {
    block[key] = type === 'level' ? Number(input.value) : input.value;
    changed();
  });
  return input;
}

function socialEditor(ed, block, id, changed) {
  const rows = h('div', { class: 'ms-social' });
  const draw = (focus) => {
    rows.replaceChildren(...block.links.map((link, j) => {
      const network = h('select', { id: id + 'net' + j }, MS_NETWORKS.map((n) => h('option', { value: n, selected: n === link.network }, n)));
      const url = h('input', { type: 'url', id: id + 'url' + j, value: link.url || '' });
      network.addEventListener('input', () => { link.network = network.value; changed(); });
      url.addEventListener('input', () => { link.url = url.value; changed(); });
      return h('div', { class: 'row' }, field('Network', network), field('Profile URL', url),
        h('div', { class: 'shrink' }, h('button', { type: 'button', class: 'secondary', disabled: block.links.length === 1,
          'aria-label': 'Remove link ' + (j + 1), onclick: () => { block.links.splice(j, 1); draw(); changed(); } }, 'Remove link')));
    }), h('p', {}, h('button', { type: 'button', class: 'secondary', id: id + 'add-link', onclick: () => {
      block.links.push({ network: 'website', url: '' });
      draw(block.links.length - 1);
      changed();
    } }, 'Add link')));
    if (focus !== undefined) document.getElementById(id + 'net' + focus).focus();
  };
  draw();
  return rows;
}

/** The blocks as the API takes them: empty optional texts left out. */
function cleanBlocks(blocks) {
  return blocks.map((b) => {
    const out = {};
    for (const [k, v] of Object.entries(b)) {
      if (k === 'links') out.links = v.map((l) => ({ network: l.network, url: l.url.trim() }));
      else if (typeof v === 'string' && v.trim() === '' && k !== 'type') continue;
      else out[k] = typeof v === 'string' && k !== 'text' ? v.trim() : v;
    }
    return out;
  });
}

function content(ed) {
  const theme = {};
  for (const [k, el] of Object.entries(ed.theme)) theme[k] = el.value;
  return { title: ed.title.value.trim(), tagline: ed.tagline.value.trim(), theme, blocks: cleanBlocks(ed.blocks),
    linkedCodes: ed.linked.value.split(',').map((c) => c.trim()).filter(Boolean) };
}

// ---- preview (POST /microsites/{slug}/preview renders unsaved content like /m/{slug}) -------

function schedulePreview(ed, delay) {
  clearTimeout(ed.previewTimer);
  ed.previewTimer = setTimeout(() => refreshPreview(ed), delay === undefined ? MS_PREVIEW_DELAY_MS : delay);
  ed.timers.push(ed.previewTimer);
}

async function refreshPreview(ed) {
  const { title, tagline, theme, blocks } = content(ed);
  try {
    const html = await api('POST', msPath(ed.slug) + '/preview', { title: title || undefined, tagline, theme, blocks });
    if (!ed.alive) return;
    // srcdoc + sandbox without allow-scripts: no script can run, and the page's CSP is in its <meta>.
    ed.preview.srcdoc = html;
    ed.previewState.textContent = 'Unsaved changes are shown; visitors see the published version.';
  } catch (ex) {
    if (ed.alive) ed.previewState.textContent = 'Preview not updated: ' + ex.message;
  }
}

// ---- save, publish, delete -----------------------------------------------------------------

async function saveSite(ed) {
  ed.err.textContent = '';
  try {
    ed.site = await api('PATCH', msPath(ed.slug), content(ed));
    toast('Saved, version ' + ed.site.version);
    showStatus(ed);
    renderHistory(ed);
  } catch (ex) { showError(ed.err, ex); }
}

async function togglePublished(ed) {
  ed.err.textContent = '';
  try {
    ed.site = await api('POST', msPath(ed.slug) + (ed.site.published ? '/unpublish' : '/publish'));
    toast(ed.site.published ? 'Published version ' + ed.site.publishedVersion : 'Unpublished');
    showStatus(ed);
    renderHistory(ed);
    document.getElementById('ms-publish').focus();
  } catch (ex) { showError(ed.err, ex); }
}

async function deleteSite(ed) {
  if (!confirm('Delete the microsite ' + ed.slug + '? Its page disappears and the slug becomes free.')) return;
  try {
    await api('DELETE', msPath(ed.slug));
    toast('Deleted ' + ed.slug);
    go('#/microsites');
  } catch (ex) { showError(ed.err, ex); }
}

// ---- generated drafts ----------------------------------------------------------------------

function renderGeneration(ed) {
  const g = ed.site.generation || { status: 'NONE' };
  const title = h('h2', { id: 'ms-gen-h' }, 'Generate content');
  const state = h('p', { id: 'ms-gen-status', role: 'status', 'aria-live': 'polite' });
  if (g.status === 'PENDING') {
    state.append(h('span', { class: 'live-dot on' }), 'Generating… requested ' + fmtTime(g.at) + '. The draft appears here when it is ready.');
    ed.generation.replaceChildren(title, state);
    return;
  }
  if (g.status === 'READY') {
    const draftPreview = h('iframe', { id: 'ms-draft-preview', class: 'ms-preview', title: 'Preview of the draft', sandbox: 'allow-same-origin' });
    state.append(h('span', { class: 'status active' }, 'draft ready'), ' Made by the ' + g.generator + ' generator from: ', h('q', {}, g.prompt || ''));
    ed.generation.replaceChildren(title, state,
      h('div', { class: 'grid2' },
        h('div', {}, h('h3', {}, g.draft.title), g.draft.tagline ? h('p', { class: 'muted' }, g.draft.tagline) : null,
          h('ol', { id: 'ms-draft-blocks' }, g.draft.blocks.map((b) => h('li', {}, MS_KINDS[b.type].label + ': ' + blockSummary(b)))),
          h('p', { class: 'actions' },
            h('button', { type: 'button', id: 'ms-accept', onclick: () => draftAction(ed, 'accept') }, 'Accept draft'),
            h('button', { type: 'button', id: 'ms-discard', class: 'secondary', onclick: () => draftAction(ed, 'discard') }, 'Discard'))),
        draftPreview));
    api('POST', msPath(ed.slug) + '/preview', { title: g.draft.title, tagline: g.draft.tagline || '', blocks: g.draft.blocks })
      .then((html) => { draftPreview.srcdoc = html; }, () => draftPreview.replaceWith(h('p', { class: 'muted' }, 'No preview of the draft.')));
    return;
  }
  if (g.status === 'FAILED') {
    state.append(h('span', { class: 'status archived' }, 'failed'), ' ');
    state.append(h('span', { class: 'error', id: 'ms-gen-error' }, 'Generation failed: ' + (g.error || 'no reason given')));
    ed.generation.replaceChildren(title, state, h('p', {}, h('button', { type: 'button', id: 'ms-discard', class: 'secondary',
      onclick: () => draftAction(ed, 'discard') }, 'Dismiss')), generateForm(ed));
    return;
  }
  ed.generation.replaceChildren(title, generateForm(ed));
}

function generateForm(ed) {
  const prompt = h('textarea', { id: 'ms-gen-prompt', rows: 4, required: true, maxlength: 2000,
    placeholder: 'A bakery called "Ada Loaves" in Leeds, sourdough and cakes, https://ada-loaves.example' });
  const tone = h('select', { id: 'ms-gen-tone' }, MS_TONES.map((t) => h('option', { value: t }, t)));
  const language = h('select', { id: 'ms-gen-language' }, MS_LANGUAGES.map(([v, t]) => h('option', { value: v }, t)));
  const err = errorBox();
  return h('form', { onsubmit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      ed.site = await api('POST', msPath(ed.slug) + '/generate', { prompt: prompt.value, tone: tone.value, language: language.value });
      renderGeneration(ed);
      pollGeneration(ed);
    } catch (ex) { showError(err, ex); }
  } },
  field('Describe the business or event', prompt), h('div', { class: 'row' }, field('Tone', tone), field('Language', language)),
  h('p', { class: 'hint' }, 'The built-in generator fills templates from your description (names, place, links, e-mail, phone). The draft replaces the content only when you accept it.'),
  err, h('p', {}, h('button', { type: 'submit', id: 'ms-generate' }, 'Generate')));
}

function blockSummary(b) {
  if (b.type === 'social') return b.links.map((l) => l.network).join(', ');
  const text = b.text || b.label || b.name || b.url || b.code || '';
  return text.length > 80 ? text.slice(0, 79) + '…' : text;
}

function pollGeneration(ed) {
  const tick = async () => {
    if (!ed.alive) return;
    try {
      const site = await api('GET', msPath(ed.slug));
      if (!ed.alive) return;
      if (site.generation.status !== 'PENDING') {
        ed.site.generation = site.generation;
        renderGeneration(ed);
        return;
      }
    } catch (ex) { /* keep polling: the next answer may come */ }
    ed.timers.push(setTimeout(tick, MS_POLL_MS));
  };
  ed.timers.push(setTimeout(tick, MS_POLL_MS));
}

async function draftAction(ed, action) {
  try {
    ed.site = await api('POST', msPath(ed.slug) + '/draft/' + action);
    toast(action === 'accept' ? 'Draft accepted, version ' + ed.site.version : 'Draft discarded');
    if (action === 'accept') {
      ed.blocks = structuredClone(ed.site.blocks);
      buildEditor(ed);
    } else {
      renderGeneration(ed);
    }
  } catch (ex) { toast(ex.message); }
}

// ---- version history -----------------------------------------------------------------------

function renderHistory(ed) {
  const s = ed.site;
  ed.history.replaceChildren(h('h2', { id: 'ms-history-h' }, 'Version history'),
    h('ol', { class: 'timeline', id: 'ms-history' }, (s.versions || []).slice().reverse().map((v) => h('li', {},
      h('strong', {}, 'Version ' + v.number), v.number === s.publishedVersion && s.published ? [' ', publishedBadge(true)] : null,
      h('br'), h('time', { datetime: v.at }, fmtTime(v.at)), ' · ', changeText(v.change)))));
}

function changeText(change) {
  if (change === 'created') return 'created';
  if (change === 'generated') return 'generated draft accepted';
  return 'changed ' + change.split(',').join(', ');
}

page('/microsites', (rest, params) => (rest ? micrositeEditor(rest) : micrositesPage(params)));
