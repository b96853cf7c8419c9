'use strict';
// The HQ console: one page over HQ's admin API. The admin token stays in this tab's sessionStorage and
// goes out only as a bearer header to this origin. Every element is built with the DOM API (never
// innerHTML), so data from branches cannot inject markup.

const TOKEN_KEY = 'wk-hq-token';
const views = {};
let refreshTimer = null;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.substring(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const money = (minor, currency) => (minor / 100).toLocaleString('de-DE',
  { style: 'currency', currency: currency || 'EUR' });

function localTime(iso, zone) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('de-DE', { timeZone: zone || undefined, dateStyle: 'medium', timeStyle: 'medium' });
}

function ago(iso) {
  if (!iso) return 'never';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 172800) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' days ago';
}

/** Parses "4,99", "4.99" or "4" (euros) into minor units; null when it is not an amount. */
function parseAmount(text) {
  const t = String(text).trim().replace(/\s|€/g, '');
  if (!/^\d{1,7}([.,]\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split(/[.,]/);
  return Number(whole) * 100 + Number((frac + '00').substring(0, 2));
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : 'HQ answered ' + status);
    this.status = status;
    this.problem = problem;
  }
}

async function api(method, path, body, contentType) {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) };
  if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, cache: 'no-store',
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)) });
  } catch (e) {
    throw new ApiError(0, { detail: 'HQ is unreachable: ' + e.message });
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
  if (res.status === 401) {
    logout('HQ refused the admin token. Log in again.');
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function toast(message, isError) {
  const box = h('div', { class: isError ? 'error' : null }, message);
  document.getElementById('toast').append(box);
  setTimeout(() => box.remove(), isError ? 9000 : 5000);
}

function table(headers, rows, emptyText, foot) {
  const head = h('tr', {}, headers.map(c => h('th', { class: c.num ? 'num' : null }, c.label || c)));
  const body = rows.length ? rows.map(r => h('tr', {}, r.map((cell, i) =>
    h('td', { class: headers[i] && headers[i].num ? 'num' : null }, cell))))
    : [h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, emptyText))];
  return h('table', {}, h('thead', {}, head), h('tbody', {}, body),
    foot ? h('tfoot', {}, foot.map(r => h('tr', {}, r.map((cell, i) =>
      h('td', { class: headers[i] && headers[i].num ? 'num' : null }, cell))))) : null);
}

const num = label => ({ label, num: true });

/**
 * A form whose submit runs action(values) and reports its error, as a toast or, with errorsInForm, in the form
 * itself; returns the form element. A field with a widget ({el, value()}) shows widget.el and reads widget.value().
 */
function form(fields, submitLabel, action, id, errorsInForm) {
  const inputs = {};
  const error = errorsInForm ? h('p', { class: 'error form-error', role: 'alert', id: id + '-error', hidden: true }) : null;
  const f = h('form', { class: 'inline', id }, fields.map(fd => {
    if (fd.widget) {
      inputs[fd.name] = fd.widget;
      return fd.widget.el;
    }
    const input = fd.options
      ? h('select', { name: fd.name, id: (id || 'f') + '-' + fd.name },
        fd.options.map(o => h('option', { value: o.value }, o.label)))
      : h('input', { name: fd.name, id: (id || 'f') + '-' + fd.name, type: fd.type || 'text', value: fd.value,
        placeholder: fd.placeholder, required: fd.required, min: fd.min, list: fd.list, size: fd.size });
    inputs[fd.name] = input;
    return h('label', {}, fd.label, input);
  }), h('button', { type: 'submit' }, submitLabel), error);
  f.addEventListener('submit', async e => {
    e.preventDefault();
    if (error) error.hidden = true;
    const button = f.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const values = {};
      for (const [k, el] of Object.entries(inputs)) {
        values[k] = el.value instanceof Function ? el.value() : el.type === 'file' ? el.files[0] : el.value.trim();
      }
      await action(values, f);
    } catch (err) {
      if (err.status === 401) return;
      if (!error) {
        toast(err.message, true);
        return;
      }
      error.textContent = err.status >= 400 ? 'HQ refused: ' + err.message : err.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return f;
}

function confirmThen(question, action) {
  return async () => {
    if (!window.confirm(question)) return;
    try {
      await action();
    } catch (err) {
      if (err.status !== 401) toast(err.message, true);
    }
  };
}

// ---- views ------------------------------------------------------------------------------------------

views.branches = async (view) => {
  const [branches, alarms, tenants] = await Promise.all([api('GET', '/api/v1/branches'),
    api('GET', '/api/v1/alarms'), api('GET', '/admin/license/tenants')]);
  const licenseOf = new Map(tenants.tenants.map(t => [t.tenant, t]));
  const rows = branches.branches.map(b => {
    const lic = licenseOf.get(b.tenant);
    return [b.tenant, h('strong', {}, b.branch), h('span', { class: 'mono', title: b.device }, b.device.substring(0, 13) + '…'),
      h('span', { class: b.online ? 'ok' : 'bad' }, b.online ? 'online' : 'offline'),
      h('span', { title: localTime(b.lastHeartbeat) }, ago(b.lastHeartbeat)),
      b.ackedSeq, h('span', { class: b.backlog > 0 ? 'bad' : null }, b.backlog), b.lagSeconds + ' s', b.heldAboveGap,
      b.catalogVersion === null ? '—' : b.catalogVersion,
      lic ? h('span', { class: lic.status === 'ACTIVE' ? 'ok' : 'bad' }, lic.status + ' · ' + lic.plan) : h('span', { class: 'muted' }, 'no license')];
  });
  view.append(h('h2', {}, 'Branches'),
    table(['Tenant', 'Branch', 'Device', 'Link', 'Last heartbeat', num('Acked seq'), num('Backlog'), num('Lag'),
      num('Held above gap'), num('Catalog'), 'License'], rows, 'No branch has connected yet.'),
    h('p', { class: 'muted' }, 'Refreshes every 10 seconds. Backlog: journal entries the branch holds that HQ has not acknowledged.'),
    h('h3', {}, 'Alarms'),
    table(['Time', 'Kind', 'Branch', 'Device', num('Seq'), 'Detail'], alarms.alarms.map(a =>
      [localTime(a.at), h('span', { class: 'bad' }, a.kind), a.branch, h('span', { class: 'mono' }, a.device), a.seq, a.detail]),
    'No alarms.'));
  return 10_000;
};

views.sales = async (view, params) => {
  const query = new URLSearchParams();
  for (const k of ['branch', 'from', 'to']) if (params.get(k)) query.set(k, params.get(k));
  const [branches, summary, sales] = await Promise.all([api('GET', '/api/v1/branches'),
    api('GET', '/api/v1/sales/summary?' + query), api('GET', '/api/v1/sales?limit=200&' + query)]);
  const names = [...new Set(branches.branches.map(b => b.branch))];
  const filter = form([
    { name: 'branch', label: 'Branch', options: [{ value: '', label: 'all branches' }, ...names.map(n => ({ value: n, label: n }))] },
    { name: 'from', label: 'From', type: 'date', value: params.get('from') },
    { name: 'to', label: 'To', type: 'date', value: params.get('to') }], 'Show', (v) => {
    const q = new URLSearchParams(Object.entries(v).filter(([, x]) => x));
    location.hash = 'sales' + (q.toString() ? '?' + q : '');
  }, 'sales-filter');
  filter.querySelector('select').value = params.get('branch') || '';
  const zone = summary.zone;
  const sums = summary.branches.map(b => [b.branch, b.sales, money(b.gross, b.currency), money(b.tax, b.currency),
    b.refundCount, money(b.refunds, b.currency), money(b.net, b.currency)]);
  const totals = summary.totals.map(t => ['Total', t.sales, money(t.gross, t.currency), money(t.tax, t.currency),
    t.refundCount, money(t.refunds, t.currency), money(t.net, t.currency)]);
  const list = sales.sales.map(s => [s.branch, s.invoiceNo, localTime(s.occurredAt, zone), s.cashier || s.staffId || '—',
    s.lines, money(s.total, s.currency), money(s.tax, s.currency), money(s.refunded, s.currency),
    s.payments.map(p => p.method + ' ' + money(p.amount, s.currency)).join(' + ')
      + (s.change > 0 ? ' (change ' + money(s.change, s.currency) + ')' : '')]);
  const cols = ['Branch', num('Sales'), num('Gross'), num('of which tax'), num('Refunds (count)'), num('Refunds'), num('Net')];
  view.append(h('h2', {}, 'Sales'), filter,
    h('p', { class: 'muted' }, 'Days and times in ' + zone + '. ' + (summary.from || summary.to
      ? 'From ' + (summary.from || 'the start') + ' to ' + (summary.to || 'today') + '.' : 'All days.')),
    table(cols, sums, 'No sales in this range.', totals),
    h('h3', {}, sales.sales.length >= sales.limit ? 'The newest ' + sales.limit + ' sales' : 'Sales'),
    table(['Branch', num('Invoice'), 'Time', 'Cashier', num('Lines'), num('Total'), num('Tax'), num('Refunded'), 'Payments'],
      list, 'No sales in this range.'));
};

const REPORTS = [['daily', 'Daily'], ['monthly', 'Monthly'], ['cash-flow', 'Cash flow'],
  ['receivables', 'Receivables (aging)'], ['customer-statement', 'Customer statement']];

/** A day (2026-12-01) as the store writes it; other text as it is. */
const day = text => /^\d{4}-\d\d-\d\d$/.test(text) ? text.split('-').reverse().join('.') : text;

/** The branches' back-office reports across a tenant's branches, shown as their table and downloaded as CSV. */
views.reports = async (view, params) => {
  const branches = (await api('GET', '/api/v1/branches')).branches;
  const tenants = [...new Set(branches.map(b => b.tenant))];
  const tenant = params.get('tenant') || tenants[0] || '';
  const names = [...new Set(branches.filter(b => b.tenant === tenant).map(b => b.branch))];
  const today = new Date().toISOString().substring(0, 10);
  const filter = form([
    { name: 'name', label: 'Report', options: REPORTS.map(([value, label]) => ({ value, label })) },
    { name: 'tenant', label: 'Tenant', options: tenants.map(t => ({ value: t, label: t })) },
    { name: 'branch', label: 'Branch', options: [{ value: '', label: 'all branches' }, ...names.map(n => ({ value: n, label: n }))] },
    { name: 'from', label: 'From', type: 'date', value: params.get('from') || today.substring(0, 8) + '01', required: true },
    { name: 'to', label: 'To', type: 'date', value: params.get('to') || today, required: true },
    { name: 'customer', label: 'Customer id (statement)', value: params.get('customer'), size: 14 }], 'Show', (v) => {
    const q = new URLSearchParams(Object.entries(v).filter(([, x]) => x));
    location.hash = 'reports?' + q;
  }, 'report-filter');
  for (const k of ['name', 'tenant', 'branch']) {
    if (params.get(k)) filter.querySelector('[name=' + k + ']').value = params.get(k);
  }
  view.append(h('h2', {}, 'Back-office reports'), filter);
  if (!params.get('name')) {
    view.append(h('p', { class: 'muted' }, 'What the branches\' back offices booked (jobs, payments, expenses) with their'
      + ' sales, as HQ has received it. Choose a report and the days.'));
    return;
  }
  const query = new URLSearchParams();
  for (const k of ['tenant', 'branch', 'from', 'to', 'customer']) if (params.get(k)) query.set(k, params.get(k));
  const path = '/api/v1/reports/' + encodeURIComponent(params.get('name')) + '?' + query;
  const r = await api('GET', path + '&format=table');
  const t = r.table;
  const cell = (c, v) => v === null || v === undefined ? '' : c.kind === 'MONEY' ? money(v, r.currency)
    : c.kind === 'TEXT' ? day(String(v)) : String(v);
  const headers = t.columns.map(c => c.kind === 'TEXT' ? c.label : num(c.label));
  view.append(h('h3', { id: 'report-title' }, t.title),
    h('ul', { class: 'muted' }, t.about.map(line => h('li', {}, line))),
    h('p', {}, h('button', { type: 'button', id: 'report-csv', onclick: () => downloadCsv(path).catch(err => {
      if (err.status !== 401) toast(err.message, true);
    }) }, 'Download CSV')),
    h('div', { id: 'report-table' }, table(headers, t.rows.map(row => row.map((v, i) => cell(t.columns[i], v))),
      'Nothing in these days.', t.totals ? [t.totals.map((v, i) => cell(t.columns[i], v))] : null)));
};

/** Fetches a report's CSV with the admin token and hands it to the browser as a download. */
async function downloadCsv(path) {
  let res;
  try {
    res = await fetch(path + '&format=csv', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) },
      cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { detail: 'HQ is unreachable: ' + e.message });
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const file = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || 'report.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: file, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  toast('Downloaded ' + file);
}

views.stock = async (view, params) => {
  const query = new URLSearchParams();
  for (const k of ['branch', 'sku']) if (params.get(k)) query.set(k, params.get(k));
  const [stock, alerts] = await Promise.all([api('GET', '/api/v1/stock?' + query),
    api('GET', '/api/v1/stock/alerts' + (params.get('branch') ? '?branch=' + encodeURIComponent(params.get('branch')) : ''))]);
  const low = alerts.alerts.filter(a => !params.get('sku') || a.sku === params.get('sku')).slice(0, 50);
  view.append(h('h2', {}, 'Low stock at the branches'),
    h('div', { id: 'stock-alerts' }, table(['When', 'Branch', 'SKU', num('On hand'), num('Reorder level'), 'Because of'],
      low.map(a => [localTime(a.at), a.branch, a.sku, a.onHand, a.reorderLevel, a.cause || '']),
      'No branch has reported low stock.')),
    h('h2', {}, 'Stock per branch'),
    form([{ name: 'branch', label: 'Branch', value: params.get('branch'), placeholder: 'all' },
      { name: 'sku', label: 'SKU', value: params.get('sku'), placeholder: 'all' }], 'Show', (v) => {
      const q = new URLSearchParams(Object.entries(v).filter(([, x]) => x));
      location.hash = 'stock' + (q.toString() ? '?' + q : '');
    }, 'stock-filter'),
    table(['Branch', 'SKU', num('On hand'), num('Moves')], stock.stock.map(r => [r.branch, r.sku, r.onHand, r.moves]),
      'No stock moves yet.'),
    h('p', { class: 'muted' }, 'On hand is the net of the sales, refunds, voids and stock movements HQ has received; HQ knows no opening stock.'));
};

views.catalog = async (view, params) => {
  let catalog = null;
  try {
    catalog = await api('GET', '/api/v1/catalog');
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  const variants = [];
  for (const p of (catalog && catalog.products) || []) {
    for (const v of p.variants || []) variants.push({ product: p, variant: v });
  }
  const currency = catalog ? catalog.currency : 'EUR';
  const filterText = (params.get('q') || '').toLowerCase();
  const shown = variants.filter(x => !filterText || x.variant.sku.toLowerCase().includes(filterText)
    || (x.product.name + ' ' + (x.variant.name || '')).toLowerCase().includes(filterText)).slice(0, 100);
  const skus = h('datalist', { id: 'skus' }, variants.map(x => h('option', { value: x.variant.sku },
    x.product.name + ' ' + (x.variant.name || ''))));
  const priceForm = form([
    { name: 'sku', label: 'SKU', list: 'skus', required: true, size: 16 },
    { name: 'price', label: 'New price (' + currency + ')', required: true, placeholder: '4,99', size: 8 },
    { name: 'branches', label: 'Branches (comma separated, empty: all)', placeholder: 'nord, sued' }], 'Publish price',
  async (v) => {
    const amount = parseAmount(v.price);
    if (amount === null) throw new ApiError(400, { detail: 'The price must be an amount like 4,99' });
    const branches = v.branches ? v.branches.split(',').map(b => b.trim()).filter(b => b) : [];
    const r = await api('POST', '/api/v1/prices', { sku: v.sku, amount, branches });
    toast(v.sku + ' now costs ' + money(amount, currency) + ' (catalog version ' + r.version + ')');
    await show();
  }, 'price-form');
  const importForm = form([{ name: 'file', label: 'Catalog JSON file', type: 'file', required: true }], 'Import catalog',
    async (v) => {
      const text = await v.file.text();
      const r = await api('POST', '/api/v1/catalog', text);
      toast('Catalog imported as version ' + r.version);
      await show();
    }, 'catalog-import');
  view.append(h('h2', {}, 'Catalog & prices'), skus,
    h('h3', {}, 'Change a price'), priceForm,
    h('h3', {}, 'Import a catalog'), importForm,
    h('p', { class: 'muted' }, 'The catalog reaches every branch on its next sync; a branch that is offline gets it when it reconnects.'),
    h('h3', {}, catalog ? 'Items (catalog version ' + catalog.version + ', ' + variants.length + ' SKUs)' : 'No catalog yet'),
    form([{ name: 'q', label: 'Search', value: params.get('q'), placeholder: 'name or SKU' }], 'Search',
      (v) => { location.hash = 'catalog' + (v.q ? '?q=' + encodeURIComponent(v.q) : ''); }, 'catalog-search'),
    table(['SKU', 'Product', 'Variant', 'Barcode', num('Price'), 'Tax'], shown.map(x => [x.variant.sku, x.product.name,
      x.variant.name || '', x.variant.barcode || '', money(x.variant.price, currency),
      x.product.taxRate + (x.product.taxInclusive === false ? ' (net)' : '')]), 'No items match.'),
    shown.length === 100 ? h('p', { class: 'muted' }, 'The first 100 matches; search to narrow.') : '');
};

views.users = async (view) => {
  const users = (await api('GET', '/api/v1/users')).users;
  const roles = ['CASHIER', 'MANAGER', 'ADMIN'].map(r => ({ value: r, label: r.toLowerCase() }));
  const publish = async (list, done) => {
    const r = await api('PUT', '/api/v1/users', list);
    toast(done + ' (version ' + r.version + ')');
    await show();
  };
  const rows = users.map(u => [h('span', { class: 'mono' }, u.id), u.name, u.role.toLowerCase(),
    h('button', { type: 'button', class: 'danger', onclick: confirmThen('Remove ' + u.name + ' from every branch?',
      () => publish(users.filter(x => x.id !== u.id).map(x => ({ id: x.id, name: x.name, role: x.role })),
        u.name + ' removed')) }, 'Remove')]);
  view.append(h('h2', {}, 'Users'),
    h('p', { class: 'muted' }, 'Staff who log in at the tills with a PIN. HQ stores and sends only PIN hashes.'),
    table(['Id', 'Name', 'Role', ''], rows, 'No users published yet; the branches use their local staff.'),
    h('h3', {}, 'Add a user or set a new PIN'),
    form([{ name: 'id', label: 'Id', required: true, size: 12 }, { name: 'name', label: 'Name', required: true },
      { name: 'role', label: 'Role', options: roles },
      { name: 'pin', label: 'PIN (4-12 digits; empty keeps it)', type: 'password', size: 8 }], 'Save user', async (v) => {
      const known = users.some(x => x.id === v.id);
      if (v.pin ? !/^\d{4,12}$/.test(v.pin) : !known) throw new ApiError(400, { detail: 'A PIN is 4 to 12 digits' });
      const others = users.filter(x => x.id !== v.id).map(x => ({ id: x.id, name: x.name, role: x.role }));
      const user = { id: v.id, name: v.name, role: v.role };
      if (v.pin) user.pin = v.pin;
      await publish([...others, user], v.name + ' saved');
    }, 'user-form'));
};

views.licenses = async (view) => {
  const tenants = (await api('GET', '/admin/license/tenants')).tenants;
  const standing = (t, to) => confirmThen((to === 'revoke' ? 'Revoke' : to === 'suspend' ? 'Suspend' : 'Resume')
    + ' the license of ' + t.tenant + '?', async () => {
    const r = await api('POST', '/admin/license/tenants/' + encodeURIComponent(t.tenant) + '/' + to);
    toast(r.result);
    await show();
  });
  const rows = tenants.map(t => [h('strong', {}, t.tenant), t.plan, t.modules.join(', '),
    h('span', { class: t.status === 'ACTIVE' ? 'ok' : 'bad' }, t.status), localTime(t.expires),
    t.devices.filter(d => d.status === 'ACTIVE').length + ' / ' + t.maxDevices, t.offlineDays + ' days',
    h('span', {}, t.status === 'ACTIVE' ? h('button', { type: 'button', class: 'secondary', onclick: standing(t, 'suspend') }, 'Suspend') : null,
      t.status === 'SUSPENDED' ? h('button', { type: 'button', class: 'secondary', onclick: standing(t, 'resume') }, 'Resume') : null,
      t.status !== 'REVOKED' ? h('button', { type: 'button', class: 'danger', onclick: standing(t, 'revoke') }, 'Revoke') : null)]);
  const serialOut = h('div', {});
  view.append(h('h2', {}, 'Tenants & licenses'),
    table(['Tenant', 'Plan', 'Modules', 'Status', 'Expires', num('Devices'), 'Offline grace', ''], rows, 'No tenant is registered.'),
    h('h3', {}, 'Mint a serial'),
    form([{ name: 'plan', label: 'Plan', value: 'pro', required: true, size: 10 },
      { name: 'modules', label: 'Modules (comma separated)', value: 'till, sync, reports' },
      { name: 'maxDevices', label: 'Max devices', type: 'number', value: '5', min: '1', size: 4 },
      { name: 'validDays', label: 'Valid days', type: 'number', value: '365', min: '1', size: 5 }], 'Mint serial', async (v) => {
      const r = await api('POST', '/admin/license/serials', { plan: v.plan, maxDevices: Number(v.maxDevices),
        validDays: Number(v.validDays), modules: v.modules.split(',').map(m => m.trim()).filter(m => m) });
      serialOut.replaceChildren(h('div', { class: 'secret' }, 'Serial: ', h('strong', { class: 'mono', id: 'new-serial' }, r.serial)));
    }, 'serial-form'), serialOut,
    h('h3', {}, 'Register a tenant'),
    form([{ name: 'serial', label: 'Serial', required: true, size: 24 }, { name: 'tenant', label: 'Tenant id', required: true }],
      'Register', async (v) => {
        await api('POST', '/admin/license/tenants', { serial: v.serial, tenant: v.tenant });
        toast('Tenant ' + v.tenant + ' registered');
        await show();
      }, 'tenant-form'));
};

views.enrollment = async (view) => {
  const devices = await api('GET', '/admin/enroll/devices');
  const tokenOut = h('div', {});
  const rows = devices.map(d => [h('span', { class: 'mono' }, d.device), d.tenant, d.branch, localTime(d.issued),
    localTime(d.expires), d.revoked ? h('span', { class: 'bad' }, 'revoked ' + localTime(d.revoked)) : h('span', { class: 'ok' }, 'in force'),
    d.revoked ? '' : h('button', { type: 'button', class: 'danger', onclick: confirmThen('Revoke the certificate of '
      + d.device + '? The box can no longer reach the broker.', async () => {
      await api('POST', '/admin/enroll/devices/' + encodeURIComponent(d.device) + '/revoke');
      toast(d.device + ' revoked');
      await show();
    }) }, 'Revoke')]);
  view.append(h('h2', {}, 'Enrollment'),
    h('h3', {}, 'Make an enrollment token'),
    h('p', { class: 'muted' }, 'A box enrolls once with this token and gets its broker certificate.'),
    form([{ name: 'tenant', label: 'Tenant', required: true }, { name: 'branch', label: 'Branch', required: true },
      { name: 'hours', label: 'Valid for hours', type: 'number', value: '24', min: '1', size: 4 }], 'Make token', async (v) => {
      const expires = new Date(Date.now() + Number(v.hours) * 3600_000).toISOString();
      const r = await api('POST', '/admin/enroll/tokens', { tenant: v.tenant, branch: v.branch, expires });
      tokenOut.replaceChildren(h('div', { class: 'secret' }, 'Token for ', h('strong', {}, r.device), ' (until ',
        localTime(r.expires), '), shown once: ', h('code', { id: 'new-enroll-token' }, r.token)));
    }, 'enroll-form'), tokenOut,
    h('h3', {}, 'Certificates'),
    table(['Device', 'Tenant', 'Branch', 'Issued', 'Expires', 'State', ''], rows, 'No box has enrolled.'));
};

// ---- supply: transfers between branches and purchase orders (ADR 013) ------------------------------

const TRANSFER_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'SHIPPED', 'RECEIVED', 'PARTIALLY_RECEIVED', 'CLOSED'];
const PO_STATUSES = ['DRAFT', 'SENT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CLOSED'];
/** The list shows this many of the newest documents, each fetched for its lines and steps. */
const SUPPLY_SHOWN = 50;

const statusBadge = s => h('span', { class: 'status status-' + s.toLowerCase() }, s);
const sumOf = (lines, field) => lines.reduce((n, l) => n + l[field], 0);
const itemsText = (lines, field) => lines.slice(0, 3).map(l => l.sku + ' × ' + l[field]).join(', ')
  + (lines.length > 3 ? ' and ' + (lines.length - 3) + ' more' : '');

/** Rows of SKU and quantity with add and remove; value() is the lines HQ takes, rows left empty skipped. */
function itemRows(id) {
  const rows = h('div', { class: 'item-rows', id: id + '-items' });
  const add = () => {
    const row = h('div', { class: 'item-row' },
      h('label', {}, 'SKU', h('input', { name: 'sku', list: 'supply-skus', size: 16, autocomplete: 'off' })),
      h('label', {}, 'Quantity', h('input', { name: 'qty', type: 'number', min: '1', step: '1', size: 6 })),
      h('button', { type: 'button', class: 'secondary remove-item', onclick: () => {
        row.remove();
        if (!rows.children.length) add();
      } }, 'Remove'));
    rows.append(row);
    return row;
  };
  add();
  return {
    el: h('fieldset', { class: 'items' }, h('legend', {}, 'Items'), rows,
      h('button', { type: 'button', class: 'secondary', id: id + '-add-item',
        onclick: () => add().querySelector('input').focus() }, 'Add item')),
    value() {
      const lines = [];
      for (const row of rows.children) {
        const sku = row.querySelector('[name=sku]').value.trim();
        const qty = row.querySelector('[name=qty]').value.trim();
        if (!sku && !qty) continue;
        if (!sku) throw new Error('Item ' + (lines.length + 1) + ' needs a SKU');
        if (!/^\d+$/.test(qty) || Number(qty) < 1) throw new Error(sku + ': the quantity must be a whole number of at least 1');
        lines.push({ sku, qty: Number(qty) });
      }
      if (!lines.length) throw new Error('Add at least one item');
      return lines;
    },
  };
}

/** A form with one reason field that posts {reason} to path, for closing a document. */
function closeForm(id, path, question, done) {
  return form([{ name: 'reason', label: 'Reason (optional)', size: 30 }], 'Close', async (v) => {
    if (!window.confirm(question)) return;
    await api('POST', path, v.reason ? { reason: v.reason } : {});
    toast(done);
    await show();
  }, id, true);
}

views.supply = async (view, params) => {
  const tenant = params.get('tenant') || '';
  const scope = new URLSearchParams(tenant ? { tenant } : {});
  const path = (p, more) => p + '?' + new URLSearchParams([...scope, ...Object.entries(more || {}).filter(([, x]) => x)]);
  const [branches, transfers, orders, catalog] = await Promise.all([api('GET', '/api/v1/branches'),
    api('GET', path('/api/v1/transfers', { branch: params.get('branch'), status: params.get('tstatus') })),
    api('GET', path('/api/v1/purchase-orders', { branch: params.get('branch'), status: params.get('postatus') })),
    api('GET', '/api/v1/catalog' + (tenant ? '?' + scope : '')).catch(e => { if (e.status === 404) return null; throw e; })]);
  const tenants = [...new Set(branches.branches.map(b => b.tenant))];
  const names = [...new Set(branches.branches.filter(b => !tenant || b.tenant === tenant).map(b => b.branch))].sort();
  const [transferDocs, orderDocs] = await Promise.all([
    Promise.all(transfers.transfers.slice(0, SUPPLY_SHOWN).map(t => api('GET', path('/api/v1/transfers/'
      + encodeURIComponent(t.transferId))))),
    Promise.all(orders.purchaseOrders.slice(0, SUPPLY_SHOWN).map(p => api('GET', path('/api/v1/purchase-orders/'
      + encodeURIComponent(p.poId)))))]);
  const link = (key, id) => {
    const q = new URLSearchParams(params);
    q.delete('transfer');
    q.delete('po');
    q.set(key, id);
    return '#supply?' + q;
  };
  const refresh = () => {
    const q = new URLSearchParams(params);
    for (const k of ['transfer', 'po']) q.delete(k);
    location.hash = 'supply' + (q.toString() ? '?' + q : '');
  };

  const filter = form([
    tenants.length > 1 ? { name: 'tenant', label: 'Tenant', options: [{ value: '', label: 'HQ\'s tenant' },
      ...tenants.map(t => ({ value: t, label: t }))] } : null,
    { name: 'branch', label: 'Branch', options: [{ value: '', label: 'all branches' },
      ...[...new Set([...names, params.get('branch')].filter(b => b))].map(n => ({ value: n, label: n }))] },
    { name: 'tstatus', label: 'Transfers', options: [{ value: '', label: 'every status' },
      ...TRANSFER_STATUSES.map(s => ({ value: s, label: s }))] },
    { name: 'postatus', label: 'Purchase orders', options: [{ value: '', label: 'every status' },
      ...PO_STATUSES.map(s => ({ value: s, label: s }))] }].filter(f => f), 'Show', (v) => {
    const q = new URLSearchParams(Object.entries(v).filter(([, x]) => x));
    location.hash = 'supply' + (q.toString() ? '?' + q : '');
  }, 'supply-filter');
  for (const k of ['tenant', 'branch', 'tstatus', 'postatus']) {
    const el = filter.querySelector('[name=' + k + ']');
    if (el) el.value = params.get(k) || '';
  }

  const skus = [];
  for (const p of (catalog && catalog.products) || []) {
    for (const v of p.variants || []) skus.push(h('option', { value: v.sku }, p.name + ' ' + (v.name || '')));
  }
  view.append(h('h2', {}, 'Supply'),
    h('datalist', { id: 'supply-branches' }, names.map(n => h('option', { value: n }))),
    h('datalist', { id: 'supply-skus' }, skus), filter);

  const opened = params.get('transfer') ? await transferDetail(params.get('transfer'), path, refresh)
    : params.get('po') ? await orderDetail(params.get('po'), path, refresh) : null;
  if (opened) {
    view.append(opened);
    // the page is shown once this returns; the document opened from the list or a form below is at the top
    setTimeout(() => opened.scrollIntoView({ block: 'start' }), 0);
  }

  const more = (list, what) => list.length > SUPPLY_SHOWN
    ? h('p', { class: 'muted' }, 'The newest ' + SUPPLY_SHOWN + ' of ' + list.length + ' ' + what + '; filter to narrow.') : '';
  view.append(h('h3', {}, 'Transfers between branches'),
    h('div', { id: 'transfer-list' }, table(['Created', 'From → to', 'Items', 'Status', 'Last step', ''], transferDocs.map(t => {
      const last = t.steps[t.steps.length - 1];
      return [localTime(t.createdAt), t.from + ' → ' + t.to, itemsText(t.lines, 'requested'), statusBadge(t.status),
        last ? last.name + ' by ' + last.branch + ', ' + localTime(last.at) : '—',
        h('a', { href: link('transfer', t.transferId), class: 'open' }, 'Open')];
    }), 'No transfers' + (params.get('branch') || params.get('tstatus') ? ' match.' : ' yet.'))),
    more(transfers.transfers, 'transfers'),
    h('h3', {}, 'Request a transfer'),
    form([{ name: 'from', label: 'From branch', list: 'supply-branches', required: true, size: 12 },
      { name: 'to', label: 'To branch', list: 'supply-branches', required: true, size: 12 },
      { name: 'lines', widget: itemRows('transfer-form') },
      { name: 'note', label: 'Note', size: 30 }], 'Request transfer', async (v) => {
      const t = await api('POST', path('/api/v1/transfers'), { from: v.from, to: v.to, lines: v.lines, note: v.note || null });
      toast('Transfer ' + t.from + ' → ' + t.to + ' requested');
      location.hash = link('transfer', t.transferId).substring(1);
    }, 'transfer-form', true),
    h('p', { class: 'muted' }, 'HQ tells both branches; the sending branch approves and ships it, the receiving one receives it.'),

    h('h3', {}, 'Purchase orders'),
    h('div', { id: 'po-list' }, table(['Created', 'Branch', 'Supplier', 'Items', num('Ordered'), num('Received'), 'Status', ''],
      orderDocs.map(p =>
      [localTime(p.createdAt), p.branch, p.supplier, itemsText(p.lines, 'ordered'), sumOf(p.lines, 'ordered'),
        sumOf(p.lines, 'received'), statusBadge(p.status), h('a', { href: link('po', p.poId), class: 'open' }, 'Open')]),
    'No purchase orders' + (params.get('branch') || params.get('postatus') ? ' match.' : ' yet.'))),
    more(orders.purchaseOrders, 'purchase orders'),
    h('h3', {}, 'Make a purchase order'),
    form([{ name: 'branch', label: 'For branch', list: 'supply-branches', required: true, size: 12 },
      { name: 'supplier', label: 'Supplier', required: true, size: 20 },
      { name: 'lines', widget: itemRows('po-form') },
      { name: 'note', label: 'Note', size: 30 }], 'Save as draft', async (v) => {
      const p = await api('POST', path('/api/v1/purchase-orders'), { branch: v.branch, supplier: v.supplier,
        lines: v.lines, note: v.note || null });
      toast('Purchase order for ' + p.branch + ' saved as a draft');
      location.hash = link('po', p.poId).substring(1);
    }, 'po-form', true),
    h('p', { class: 'muted' }, 'A draft stays at HQ until it is sent; the branch then takes goods in against it.'));
};

/** One transfer: its lines, its steps, and Close once it was received. */
async function transferDetail(id, path, refresh) {
  const t = await api('GET', path('/api/v1/transfers/' + encodeURIComponent(id)));
  const closable = t.status === 'RECEIVED' || t.status === 'PARTIALLY_RECEIVED';
  const did = name => t.steps.some(s => s.name === name);
  const [shipped, received] = [did('shipped'), did('received')];
  return h('section', { class: 'doc', id: 'transfer-detail' },
    h('h3', {}, 'Transfer ' + t.from + ' → ' + t.to + ' ', statusBadge(t.status),
      h('button', { type: 'button', class: 'secondary', id: 'transfer-detail-hide', onclick: refresh }, 'Hide')),
    h('p', { class: 'muted' }, 'Requested by ' + t.requestedBy + ' on ' + localTime(t.createdAt) + '.',
      t.note ? ' Note: ' + t.note + '.' : '', ' Id ', h('span', { class: 'mono' }, t.transferId)),
    table(['SKU', num('Requested'), num('Shipped'), num('Received'), num('Difference'), 'Reason'], t.lines.map(l =>
      [l.sku, l.requested, shipped ? l.shipped : '—', received ? l.received : '—',
        received && l.received !== l.shipped ? l.received - l.shipped : '', l.reason || ''])),
    table(['Step', 'By branch', 'Actor', 'At', 'Reason'], t.steps.map(s =>
      [s.name, s.branch, s.actor || '', localTime(s.at), s.reason || '']), 'No steps.'),
    closable ? closeForm('transfer-close', path('/api/v1/transfers/' + encodeURIComponent(id) + '/close'),
      'Close the transfer ' + t.from + ' → ' + t.to + '?', 'Transfer closed') : null);
}

/** One purchase order: its lines, receipts and discrepancies, with Send for a draft and Close while open. */
async function orderDetail(id, path, refresh) {
  const p = await api('GET', path('/api/v1/purchase-orders/' + encodeURIComponent(id)));
  const base = '/api/v1/purchase-orders/' + encodeURIComponent(id);
  return h('section', { class: 'doc', id: 'po-detail' },
    h('h3', {}, 'Purchase order for ' + p.branch + ' from ' + p.supplier + ' ', statusBadge(p.status),
      h('button', { type: 'button', class: 'secondary', id: 'po-detail-hide', onclick: refresh }, 'Hide')),
    h('p', { class: 'muted' }, 'Made ' + localTime(p.createdAt) + (p.sentAt ? ', sent ' + localTime(p.sentAt) : ', not sent')
      + '.', p.note ? ' Note: ' + p.note + '.' : '', p.closeReason ? ' Closed: ' + p.closeReason + '.' : '',
      ' Id ', h('span', { class: 'mono' }, p.poId)),
    table(['SKU', num('Ordered'), num('Received'), num('Open')], p.lines.map(l =>
      [l.sku, l.ordered, l.received, Math.max(0, l.ordered - l.received)])),
    h('h4', {}, 'Receipts'),
    table(['At', 'Receipt', 'Actor', 'Items', 'Status'], p.receipts.map(r => [localTime(r.at),
      h('span', { class: 'mono' }, r.receiptId), r.actor || '', r.lines.map(l => l.sku + ' × ' + l.qty).join(', '), r.status]),
    'Nothing received yet.'),
    p.discrepancies.length ? [h('h4', {}, 'Discrepancies'), table(['Receipt', 'SKU', num('Quantity'), 'Reason'],
      p.discrepancies.map(d => [h('span', { class: 'mono' }, d.receiptId), d.sku, d.qty, d.reason]))] : null,
    p.status === 'DRAFT' ? h('p', {}, h('button', { type: 'button', id: 'po-send', onclick: confirmThen('Send this order to '
      + p.branch + '?', async () => {
      await api('POST', path(base + '/send'), {});
      toast('Purchase order sent to ' + p.branch);
      await show();
    }) }, 'Send to ' + p.branch)) : null,
    p.status === 'SENT' || p.status === 'PARTIALLY_RECEIVED' ? closeForm('po-close', path(base + '/close'),
      'Close this order short? The branch takes nothing more in against it.', 'Purchase order closed') : null);
}

// ---- shell ------------------------------------------------------------------------------------------

async function show() {
  clearTimeout(refreshTimer);
  const [name, query] = (location.hash.substring(1) || 'branches').split('?');
  const render = views[name] || views.branches;
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.getAttribute('href') === '#' + name);
  }
  const view = document.getElementById('view');
  try {
    const fresh = h('section', { id: 'view', 'data-view': name });
    const every = await render(fresh, new URLSearchParams(query || ''));
    view.replaceWith(fresh);
    if (every) refreshTimer = setTimeout(show, every);
  } catch (err) {
    if (err.status === 401) return;
    view.replaceChildren(h('h2', {}, 'Could not load this page'), h('p', { class: 'error', role: 'alert' }, err.message),
      h('button', { type: 'button', onclick: show }, 'Try again'));
    view.dataset.view = name;
  }
}

function showLoggedIn(loggedIn) {
  document.getElementById('login').hidden = loggedIn;
  document.getElementById('view').hidden = !loggedIn;
  document.getElementById('nav').hidden = !loggedIn;
  document.getElementById('logout').hidden = !loggedIn;
}

function logout(message) {
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(TOKEN_KEY);
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('view').replaceChildren();
  showLoggedIn(false);
  document.getElementById('token').focus();
}

document.getElementById('login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const input = document.getElementById('token');
  sessionStorage.setItem(TOKEN_KEY, input.value.trim());
  input.value = '';
  try {
    await api('GET', '/api/v1/branches');
  } catch (err) {
    if (err.status !== 401) logout(err.message);
    return;
  }
  document.getElementById('login-error').textContent = '';
  showLoggedIn(true);
  await show();
});
document.getElementById('logout').addEventListener('click', () => logout('Logged out.'));
window.addEventListener('hashchange', () => { if (sessionStorage.getItem(TOKEN_KEY)) show(); });

if (sessionStorage.getItem(TOKEN_KEY)) {
  showLoggedIn(true);
  show();
} else {
  showLoggedIn(false);
}
