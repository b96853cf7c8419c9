'use strict';
// The back office on the box: service jobs for the till's customers, their payments and adjustments,
// expenses and their reversals, and the reports with their CSV, Excel and PDF files. It uses this
// browser's pairing (made on the POS screen) and a staff login of its own; the box checks every rule
// (a manager for adjustments, expenses and reversals) and the page shows what it answers. A new job,
// payment or expense carries an id made when its form opened, so one sent again after a lost answer is
// answered "exists already" by the box instead of being booked twice, and the page takes that as done.

const office = { staff: JSON.parse(sessionStorage.getItem(store.staff) || 'null'), health: null };
const CATEGORIES = ['RENT', 'UTILITIES', 'SUPPLIES', 'WAGES', 'MAINTENANCE', 'TRANSPORT', 'MARKETING', 'OTHER'];
const METHODS = { BANK: 'Bank transfer', CASH: 'Cash (drawer of your open shift)' };
const REPORTS = { daily: 'Daily', monthly: 'Monthly', 'cash-flow': 'Cash flow', receivables: 'Receivables (aging)',
  'customer-statement': 'Customer statement' };

lan.page = {
  staffToken: () => office.staff && office.staff.token,
  link: setLink,
  unpaired: () => only('unpaired'),
  loggedOut: message => endSession(message),
};

function setLink(ok, why) {
  $('bar-link').textContent = ok ? 'box reachable' : 'BOX UNREACHABLE';
  $('bar-link').className = ok ? 'link-ok' : 'link-bad';
  $('offline').hidden = ok;
  if (!ok) $('offline').textContent = (why || 'The box does not answer.') + ' Nothing was booked; try again when it answers.';
}

/** An ISO date as the store writes it (31.12.2026). */
const day = iso => /^\d{4}-\d\d-\d\d/.test(iso || '') ? iso.substring(0, 10).split('-').reverse().join('.') : (iso || '');

/** Today in the branch's zone, as an ISO date. */
function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: (office.health && office.health.zone) || undefined,
    year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** "-12,50", "−12,50" or "+5" as signed minor units; null when it is not an amount. */
function parseSigned(text) {
  const t = String(text).trim();
  const negative = /^[-−]/.test(t);
  const amount = parseMoney(t.replace(/^[-−+]\s*/, ''));
  return amount === null ? null : negative ? -amount : amount;
}

function only(id) {
  for (const s of ['unpaired', 'login', 'office']) $(s).hidden = s !== id;
  $('logout').hidden = id !== 'office';
  if (id === 'login') setTimeout(() => $('login-id').focus(), 0);
}

function endSession(message) {
  sessionStorage.removeItem(store.staff);
  office.staff = null;
  closeDialog();
  $('bar-staff').textContent = '';
  $('login-error').textContent = message || '';
  only('login');
}

/** Runs a loader or action, showing what went wrong instead of failing silently. */
async function guard(action) {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof Unreachable)) toast(err.message, true);
  }
}

async function start() {
  try {
    office.health = await (await fetch('/api/v1/health', { cache: 'no-store' })).json();
    $('bar-branch').textContent = 'Back office · ' + office.health.branch;
  } catch (e) {
    setLink(false);
  }
  if (!localStorage.getItem(store.token)) return only('unpaired');
  if (!office.staff) return endSession('');
  enter();
}

function enter() {
  $('bar-staff').textContent = office.staff.name + ' (' + office.staff.role.toLowerCase() + ')';
  only('office');
  showTab(sessionStorage.getItem('wk-office-tab') || 'jobs');
}

onLogin(staff => {
  office.staff = staff;
  $('login-error').textContent = '';
  enter();
});

$('logout').addEventListener('click', async () => {
  await call('POST', '/api/v1/staff/logout').catch(() => null);
  endSession('Logged out.');
});

// ---- tabs -------------------------------------------------------------------------------------------

const LOADERS = { jobs: loadJobs, customers: loadCustomers, expenses: loadExpenses, reports: initReports };

function showTab(name) {
  if (!LOADERS[name]) name = 'jobs';
  sessionStorage.setItem('wk-office-tab', name);
  for (const b of document.querySelectorAll('#tabs button')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  for (const t of Object.keys(LOADERS)) $('tab-' + t).hidden = t !== name;
  guard(LOADERS[name]);
}

for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));

// ---- dialogs ----------------------------------------------------------------------------------------

function openDialog(...content) {
  $('dialog-body').replaceChildren(...content);
  if (!$('dialog').open) $('dialog').showModal();
  const first = $('dialog').querySelector('[autofocus]') || $('dialog').querySelector('input, select, textarea');
  if (first) first.focus();
}

function closeDialog() {
  if ($('dialog').open) $('dialog').close();
}

function field(label, input) {
  return h('label', {}, label, input);
}

function select(id, options, value) {
  return h('select', { id }, Object.entries(options).map(([k, v]) => h('option', { value: k, selected: k === value }, v)));
}

/** A form whose action may throw: its message shows in the form, and the form stays open. */
function form(id, title, fields, submitLabel, action) {
  const error = h('p', { class: 'error', role: 'alert', id: id + '-error' });
  const f = h('form', { id, class: 'stack' }, title ? h('h3', {}, title) : null, fields, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, submitLabel)));
  f.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    try {
      await action(error);
    } catch (err) {
      error.textContent = err instanceof Unreachable ? 'The box does not answer; nothing was booked. Try again.' : err.message;
    }
  });
  return f;
}

/** Posts a new record under an id the form made; "exists already" for that id means an earlier try got through. */
async function create(path, body, exists) {
  const r = await call('POST', path, body);
  if (r.ok) return r.data;
  if (r.status === 409 && r.type === exists) return null;
  throw new Error((r.data && r.data.detail) || 'The box answered ' + r.status);
}

const closeButton = () => h('button', { type: 'button', class: 'secondary', onclick: closeDialog }, 'Close (Esc)');

// ---- jobs -------------------------------------------------------------------------------------------

async function loadJobs() {
  const r = await must('GET', '/api/v1/jobs?limit=200&open=' + $('jobs-open').checked);
  $('jobs-lines').replaceChildren(...r.jobs.map(j => h('tr', {},
    h('td', {}, day(j.serviceDate)), h('td', {}, j.customerName), h('td', {}, j.serviceType),
    h('td', { class: 'num' }, money(j.amount + j.adjusted)), h('td', { class: 'num' }, money(j.paid)),
    h('td', { class: 'num' }, money(j.outstanding)), h('td', { class: 'status-' + j.status }, j.status),
    h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-job': j.id, onclick: () => guard(() => openJob(j.id)) },
      'Open')))));
  $('jobs-empty').hidden = r.jobs.length > 0;
}

$('jobs-open').addEventListener('change', () => guard(loadJobs));
$('new-job').addEventListener('click', () => newJob());

async function openJob(id) {
  const { job, events } = await must('GET', '/api/v1/jobs/' + encodeURIComponent(id) + '/history');
  let paymentId = uuid();
  const pay = form('pay-form', 'Record a payment', [
    field('Method', select('pay-method', METHODS, 'BANK')),
    field('Amount (€)', h('input', { id: 'pay-amount', inputmode: 'decimal', value: job.outstanding > 0
      ? money(job.outstanding).replace(/\s*€/, '') : '', required: true })),
    field('Paid on', h('input', { id: 'pay-date', type: 'date', value: today(), required: true })),
  ], 'Record payment', async () => {
    const amount = parseMoney($('pay-amount').value);
    if (amount === null || amount === 0) throw new Error('The amount must be like 50,00');
    const p = await create('/api/v1/jobs/' + encodeURIComponent(id) + '/payments',
      { id: paymentId, method: $('pay-method').value, amount, paidOn: $('pay-date').value }, 'payment-exists');
    paymentId = uuid();
    toast('Payment of ' + money(amount) + ' recorded' + (p && p.storeCredit > 0
      ? '; ' + money(p.storeCredit) + ' beyond what was owed is kept as store credit' : ''));
    await Promise.all([openJob(id), loadJobs()]);
  });
  const adjust = form('adjust-form', 'Adjust the amount (a manager)', [
    field('Change (€, − to lower)', h('input', { id: 'adjust-delta', inputmode: 'decimal', placeholder: '-10,00', required: true })),
    field('Reason', h('input', { id: 'adjust-reason', maxlength: 500, required: true })),
  ], 'Adjust', async () => {
    const delta = parseSigned($('adjust-delta').value);
    if (delta === null || delta === 0) throw new Error('The change must be an amount like -10,00 or 5,00');
    await must('POST', '/api/v1/jobs/' + encodeURIComponent(id) + '/adjustments', { delta, reason: $('adjust-reason').value.trim() });
    toast('Job adjusted by ' + money(delta));
    await Promise.all([openJob(id), loadJobs()]);
  });
  openDialog(
    h('h2', {}, job.serviceType + ' for ' + job.customerName),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Service date'), h('dd', {}, day(job.serviceDate)),
      h('dt', {}, 'Billed'), h('dd', { id: 'job-billed' }, money(job.amount) + (job.adjusted ? ' ' + (job.adjusted > 0 ? '+' : '−') + ' '
        + money(Math.abs(job.adjusted)) + ' adjusted' : '')),
      h('dt', {}, 'Paid'), h('dd', { id: 'job-paid' }, money(job.paid)),
      h('dt', {}, 'Outstanding'), h('dd', { id: 'job-outstanding' }, money(job.outstanding)),
      h('dt', {}, 'Status'), h('dd', { id: 'job-status', class: 'status-' + job.status }, job.status),
      job.notes ? [h('dt', {}, 'Notes'), h('dd', {}, job.notes)] : null),
    h('table', { id: 'job-events' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Date'), h('th', {}, 'What'), h('th', { class: 'num' }, 'Amount'),
        h('th', { class: 'num' }, 'Store credit'), h('th', {}, 'By'), h('th', {}))),
      h('tbody', {}, events.length ? events.map(ev => h('tr', { class: ev.reversedBy ? 'reversed' : null },
        h('td', {}, day(ev.date)), h('td', {}, EVENT_WORDS[ev.kind](ev)),
        h('td', { class: 'num' }, money(ev.amount)), h('td', { class: 'num' }, ev.storeCredit ? money(ev.storeCredit) : ''),
        h('td', {}, ev.actor),
        h('td', {}, ev.kind === 'PAYMENT' && !ev.reversedBy ? h('button', { type: 'button', class: 'secondary',
          'data-reverse': ev.id, onclick: () => reversePayment(job, ev) }, 'Reverse') : ev.reversedBy ? 'reversed' : '')))
        : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No payments or adjustments yet.')))),
    h('div', { class: 'forms' }, job.outstanding > 0 ? pay : h('p', { class: 'ok' }, 'This job is paid in full.'), adjust),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => guard(() => openAccount(job.customerId)) }, 'Customer account'),
      closeButton()));
}

const EVENT_WORDS = {
  PAYMENT: ev => 'Payment, ' + (ev.method === 'CASH' ? 'cash' : 'bank'),
  ADJUSTMENT: ev => 'Adjustment: ' + ev.reason,
  REVERSAL: ev => 'Payment reversed: ' + ev.reason,
};

/** A payment booked in error, reversed by a manager: owed again, its store credit taken back, cash paid out. */
function reversePayment(job, ev) {
  openDialog(h('h2', {}, 'Reverse the payment of ' + money(ev.amount) + ' (a manager)'),
    h('p', { class: 'muted' }, 'The payment stays on record; the reversal makes ' + money(ev.applied) + ' owed again'
      + (ev.storeCredit ? ', takes back the ' + money(ev.storeCredit) + ' kept as store credit' : '')
      + (ev.method === 'CASH' ? ' and pays the cash out of the drawer of your open shift.' : '.')),
    form('rp-form', null, [field('Reason', h('input', { id: 'rp-reason', maxlength: 500, required: true, autofocus: true }))],
      'Reverse payment', async () => {
        await must('POST', '/api/v1/jobs/' + encodeURIComponent(job.id) + '/payments/' + encodeURIComponent(ev.id)
          + '/reversal', { reason: $('rp-reason').value.trim() });
        toast('Payment of ' + money(ev.amount) + ' reversed');
        await Promise.all([openJob(job.id), loadJobs()]);
      }), h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary',
      onclick: () => guard(() => openJob(job.id)) }, 'Back to the job'), closeButton()));
}

/** The new-job form: find the customer (or create one), then what was done, when and for how much. */
function newJob() {
  const jobId = uuid();
  let customer = null;
  const chosen = h('p', { id: 'nj-customer', class: 'muted' }, 'No customer chosen yet.');
  const results = h('div', { id: 'nj-results' });
  const choose = c => {
    customer = c;
    chosen.textContent = 'Customer: ' + c.name + (c.phone ? ' · ' + c.phone : '');
    chosen.className = 'ok';
    results.replaceChildren();
  };
  const search = h('input', { id: 'nj-q', placeholder: 'name, email or phone', maxlength: 100, autocomplete: 'off', autofocus: true });
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => guard(async () => {
      const q = search.value.trim();
      if (!q) return results.replaceChildren();
      const r = await must('GET', '/api/v1/customers?limit=10&q=' + encodeURIComponent(q));
      results.replaceChildren(...(r.customers.length ? r.customers.map(c => h('button', { type: 'button', class: 'secondary',
        'data-customer': c.id, onclick: () => choose(c) }, c.name + (c.phone ? ' · ' + c.phone : '')))
        : [h('span', { class: 'muted' }, 'No customer matches; create one below.')]));
    }), 250);
  });
  const newCustomer = form('nc-form', 'Or a new customer', [
    field('Name', h('input', { id: 'nc-name', maxlength: 200, required: true })),
    field('Phone', h('input', { id: 'nc-phone', maxlength: 50 })),
    field('Email', h('input', { id: 'nc-email', type: 'email', maxlength: 200 })),
  ], 'Create customer', async () => {
    const c = await must('POST', '/api/v1/customers', { name: $('nc-name').value.trim(),
      phone: $('nc-phone').value.trim() || null, email: $('nc-email').value.trim() || null });
    toast('Customer ' + c.name + ' created');
    choose(c);
  });
  const job = form('nj-form', 'The job', [
    field('Service', h('input', { id: 'nj-type', maxlength: 100, placeholder: 'e.g. Window cleaning', required: true })),
    field('Service date', h('input', { id: 'nj-date', type: 'date', value: today(), required: true })),
    field('Amount (€)', h('input', { id: 'nj-amount', inputmode: 'decimal', required: true })),
    field('Notes', h('textarea', { id: 'nj-notes', maxlength: 2000, rows: 3 })),
  ], 'Create job', async () => {
    if (!customer) throw new Error('Choose or create the customer first.');
    const amount = parseMoney($('nj-amount').value);
    if (amount === null || amount === 0) throw new Error('The amount must be like 120,00');
    await create('/api/v1/jobs', { id: jobId, customerId: customer.id, serviceType: $('nj-type').value.trim(),
      serviceDate: $('nj-date').value, amount, notes: $('nj-notes').value.trim() || null }, 'job-exists');
    toast('Job billed to ' + customer.name + ': ' + money(amount));
    closeDialog();
    $('jobs-open').checked = true;
    showTab('jobs');
  });
  openDialog(h('h2', {}, 'New job'), field('Find the customer', search), results, chosen,
    h('div', { class: 'forms' }, newCustomer, job), h('div', { class: 'actions' }, closeButton()));
}

// ---- customers --------------------------------------------------------------------------------------

let customerTimer = null;
$('cust-q').addEventListener('input', () => {
  clearTimeout(customerTimer);
  customerTimer = setTimeout(() => guard(loadCustomers), 250);
});

async function loadCustomers() {
  const r = await must('GET', '/api/v1/customers?limit=100&q=' + encodeURIComponent($('cust-q').value.trim()));
  $('cust-lines').replaceChildren(...r.customers.map(c => h('tr', {},
    h('td', {}, c.name), h('td', {}, c.phone || ''), h('td', {}, c.email || ''), h('td', { class: 'num' }, money(c.storeCredit)),
    h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-customer': c.id,
      onclick: () => guard(() => openAccount(c.id)) }, 'Account')))));
  $('cust-empty').hidden = r.customers.length > 0;
}

async function openAccount(id) {
  const [a, profile] = await Promise.all([must('GET', '/api/v1/customers/' + encodeURIComponent(id) + '/account'),
    must('GET', '/api/v1/customers/' + encodeURIComponent(id))]);
  a.phone = profile.phone;
  a.email = profile.email;
  const from = h('input', { id: 'stmt-from', type: 'date', value: today().substring(0, 4) + '-01-01' });
  const to = h('input', { id: 'stmt-to', type: 'date', value: today() });
  const statement = format => guard(() => download('customer-statement', from.value, to.value, format, id));
  const details = form('cust-form', 'Details', [
    field('Name', h('input', { id: 'cust-name', maxlength: 200, required: true, value: a.name })),
    field('Phone', h('input', { id: 'cust-phone', maxlength: 50, value: a.phone || '' })),
    field('Email', h('input', { id: 'cust-email', type: 'email', maxlength: 200, value: a.email || '' })),
  ], 'Save details', async () => {
    await must('PUT', '/api/v1/customers/' + encodeURIComponent(id), { name: $('cust-name').value.trim(),
      phone: $('cust-phone').value.trim() || null, email: $('cust-email').value.trim() || null });
    toast('Details of ' + $('cust-name').value.trim() + ' saved');
    await openAccount(id);
    if (!$('tab-customers').hidden) await loadCustomers();
  });
  openDialog(
    h('h2', {}, 'Account of ' + a.name),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Billed'), h('dd', {}, money(a.billed)),
      h('dt', {}, 'Paid'), h('dd', {}, money(a.paid)),
      h('dt', {}, 'Outstanding'), h('dd', { id: 'acct-outstanding' }, money(a.outstanding)),
      h('dt', {}, 'Store credit'), h('dd', { id: 'acct-credit' }, money(a.storeCredit))),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Date'), h('th', {}, 'Service'), h('th', { class: 'num' }, 'Billed'),
        h('th', { class: 'num' }, 'Outstanding'), h('th', {}, 'Status'), h('th', {}))),
      h('tbody', {}, a.jobs.map(j => h('tr', {}, h('td', {}, day(j.serviceDate)), h('td', {}, j.serviceType),
        h('td', { class: 'num' }, money(j.amount + j.adjusted)), h('td', { class: 'num' }, money(j.outstanding)),
        h('td', { class: 'status-' + j.status }, j.status),
        h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => guard(() => openJob(j.id)) }, 'Open')))))),
    h('div', { class: 'row' }, h('strong', {}, 'Statement'), field('From', from), field('To', to),
      h('button', { type: 'button', class: 'secondary', id: 'stmt-pdf', onclick: () => statement('pdf') }, 'PDF'),
      h('button', { type: 'button', class: 'secondary', id: 'stmt-xlsx', onclick: () => statement('xlsx') }, 'Excel')),
    h('div', { class: 'forms' }, details),
    h('div', { class: 'actions' }, closeButton()));
}

// ---- expenses ---------------------------------------------------------------------------------------

async function loadExpenses() {
  if (!$('exp-from').value) {
    $('exp-from').value = today().substring(0, 8) + '01';
    $('exp-to').value = today();
  }
  const r = await must('GET', '/api/v1/expenses?from=' + $('exp-from').value + '&to=' + $('exp-to').value);
  $('exp-lines').replaceChildren(...r.expenses.map(x => h('tr', { class: x.reversedBy ? 'reversed' : null },
    h('td', {}, day(x.expenseDate)), h('td', {}, x.category), h('td', {}, x.description),
    h('td', {}, x.method === 'CASH' ? 'cash' : 'bank'), h('td', { class: 'num' }, money(x.amount)),
    h('td', {}, x.reversedBy ? 'reversed' : h('button', { type: 'button', class: 'secondary', 'data-expense': x.id,
      onclick: () => reverseExpense(x) }, 'Reverse')))));
  $('exp-empty').hidden = r.expenses.length > 0;
}

$('exp-range').addEventListener('submit', e => {
  e.preventDefault();
  guard(loadExpenses);
});
$('new-expense').addEventListener('click', () => newExpense());

function newExpense() {
  const expenseId = uuid();
  openDialog(h('h2', {}, 'Record an expense (a manager)'), form('ex-form', null, [
    field('Category', select('ex-category', Object.fromEntries(CATEGORIES.map(c => [c, c.charAt(0) + c.substring(1).toLowerCase()])),
      'SUPPLIES')),
    field('Amount (€)', h('input', { id: 'ex-amount', inputmode: 'decimal', required: true, autofocus: true })),
    field('Paid by', select('ex-method', METHODS, 'BANK')),
    field('Date', h('input', { id: 'ex-date', type: 'date', value: today(), required: true })),
    field('Description', h('input', { id: 'ex-description', maxlength: 500, required: true })),
  ], 'Record expense', async () => {
    const amount = parseMoney($('ex-amount').value);
    if (amount === null || amount === 0) throw new Error('The amount must be like 25,50');
    await create('/api/v1/expenses', { id: expenseId, category: $('ex-category').value, amount, method: $('ex-method').value,
      expenseDate: $('ex-date').value, description: $('ex-description').value.trim() }, 'expense-exists');
    toast('Expense of ' + money(amount) + ' recorded');
    closeDialog();
    await loadExpenses();
  }), h('div', { class: 'actions' }, closeButton()));
}

function reverseExpense(x) {
  openDialog(h('h2', {}, 'Reverse the expense ' + x.description + ' (' + money(x.amount) + ')'),
    h('p', { class: 'muted' }, 'The expense stays on record; a reversal books it back'
      + (x.method === 'CASH' ? ' and puts the cash back into the drawer of your open shift.' : '.')),
    form('rev-form', null, [field('Reason', h('input', { id: 'rev-reason', maxlength: 500, required: true, autofocus: true }))],
      'Reverse', async () => {
        await must('POST', '/api/v1/expenses/' + encodeURIComponent(x.id) + '/reversal', { reason: $('rev-reason').value.trim() });
        toast('Expense reversed');
        closeDialog();
        await loadExpenses();
      }), h('div', { class: 'actions' }, closeButton()));
}

// ---- reports ----------------------------------------------------------------------------------------

function initReports() {
  if ($('rep-name').options.length) return;
  $('rep-name').replaceChildren(...Object.entries(REPORTS).map(([k, v]) => h('option', { value: k }, v)));
  $('rep-from').value = today().substring(0, 8) + '01';
  $('rep-to').value = today();
}

$('rep-name').addEventListener('change', () => { $('rep-customer-box').hidden = $('rep-name').value !== 'customer-statement'; });

let reportCustomerTimer = null;
$('rep-customer-q').addEventListener('input', () => {
  clearTimeout(reportCustomerTimer);
  reportCustomerTimer = setTimeout(() => guard(async () => {
    const r = await must('GET', '/api/v1/customers?limit=50&q=' + encodeURIComponent($('rep-customer-q').value.trim()));
    $('rep-customer').replaceChildren(...r.customers.map(c => h('option', { value: c.id }, c.name)));
  }), 250);
});

function reportPath(name, from, to, format, customer) {
  return '/api/v1/reports/' + name + '?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to)
    + '&format=' + format + (customer ? '&customer=' + encodeURIComponent(customer) : '');
}

function reportCustomer() {
  if ($('rep-name').value !== 'customer-statement') return null;
  if (!$('rep-customer').value) throw new Error('Find and choose the customer for the statement first.');
  return $('rep-customer').value;
}

$('rep-form').addEventListener('submit', async e => {
  e.preventDefault();
  $('rep-error').textContent = '';
  try {
    const r = await must('GET', reportPath($('rep-name').value, $('rep-from').value, $('rep-to').value, 'table', reportCustomer()));
    showReport(r);
  } catch (err) {
    $('rep-error').textContent = err.message;
  }
});

for (const id of ['rep-csv', 'rep-xlsx', 'rep-pdf']) {
  $(id).addEventListener('click', async () => {
    $('rep-error').textContent = '';
    try {
      await download($('rep-name').value, $('rep-from').value, $('rep-to').value, $(id).dataset.format, reportCustomer());
    } catch (err) {
      $('rep-error').textContent = err.message;
    }
  });
}

function cell(column, value, tag) {
  const numeric = column.kind !== 'TEXT';
  const text = value === null || value === undefined ? '' : column.kind === 'MONEY' ? money(value)
    : column.kind === 'TEXT' ? day(String(value)) : String(value);
  return h(tag, { class: numeric ? 'num' : null }, text);
}

function showReport(r) {
  const t = r.table;
  $('rep-title').textContent = t.title;
  $('rep-about').replaceChildren(...t.about.map(line => h('li', {}, line)));
  const table = $('rep-table');
  table.tHead.replaceChildren(h('tr', {}, t.columns.map(c => h('th', { class: c.kind !== 'TEXT' ? 'num' : null }, c.label))));
  table.tBodies[0].replaceChildren(...(t.rows.length ? t.rows.map(row => h('tr', {}, row.map((v, i) => cell(t.columns[i], v, 'td'))))
    : [h('tr', {}, h('td', { colspan: t.columns.length, class: 'muted' }, 'Nothing in these days.'))]));
  table.tFoot.replaceChildren(...(t.totals ? [h('tr', {}, t.totals.map((v, i) => cell(t.columns[i], v, 'td')))] : []));
  table.hidden = false;
}

/** Fetches a report file with this screen's credentials and hands it to the browser as a download. */
async function download(name, from, to, format, customer) {
  let res;
  try {
    res = await fetch(reportPath(name, from, to, format, customer), { headers: authHeaders(lan.page.staffToken()),
      cache: 'no-store', signal: AbortSignal.timeout(60000) });
  } catch (e) {
    setLink(false);
    throw new Unreachable(e.message);
  }
  setLink(true);
  if (!res.ok) {
    const problem = await res.json().catch(() => null);
    throw new Error((problem && problem.detail) || 'The box answered ' + res.status);
  }
  const file = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || name + '.' + format;
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: file, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  toast('Downloaded ' + file);
}

start();
