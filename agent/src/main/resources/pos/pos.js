'use strict';
// The reference POS screen. It pairs with a code, logs staff in with a PIN and rings sales through the
// box's LAN API; the box does all pricing. A sale is sent with an Idempotency-Key made when the cashier
// first pays, and sent again with the same key and body until the box answers, so a lost answer never
// makes a second sale. Elements are built with the DOM API only (never innerHTML).

const state = {
  staff: JSON.parse(sessionStorage.getItem(store.staff) || 'null'),
  shift: null,
  cart: { lines: [], coupon: null, key: null },
  quote: null,
  selected: -1,
  results: [],
  active: 0,
  busy: false,
  socket: null,
  onPrompt: null,
  health: null,
};

/** A time as the store reads it: in the branch's zone (from the box's health), in German notation. */
const when = (iso, options) => new Date(iso).toLocaleString('de-DE',
  { timeZone: (state.health && state.health.zone) || undefined, ...(options || {}) });
const clockTime = iso => when(iso, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

lan.page = {
  staffToken: () => state.staff && state.staff.token,
  link: (ok, why) => setLink(ok, why),
  unpaired: message => showPair(message),
  loggedOut: message => endSession(message),
};

function setLink(ok, why) {
  const el = $('bar-link');
  el.textContent = ok ? 'box reachable' : 'BOX UNREACHABLE';
  el.className = ok ? 'link-ok' : 'link-bad';
  $('offline').hidden = ok;
  if (!ok) $('offline').textContent = (why || 'The box does not answer.') + ' Sales wait and are sent again with the'
    + ' same key when it answers; nothing is lost or doubled.';
}

async function watchHealth() {
  try {
    const r = await fetch('/api/v1/health', { cache: 'no-store', signal: AbortSignal.timeout(4000) });
    state.health = await r.json();
    setLink(true);
    if (state.shift) $('bar-shift').textContent = 'Shift open since ' + clockTime(state.shift.openedAt);
    $('bar-branch').textContent = state.health.branch || 'WK Edge POS';
  } catch (e) {
    setLink(false, 'The box does not answer.');
  }
  setTimeout(watchHealth, 5000);
}

function connectEvents() {
  const token = localStorage.getItem(store.token);
  if (!token || state.socket) return;
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/events?access_token='
    + encodeURIComponent(token);
  const ws = new WebSocket(url);
  state.socket = ws;
  ws.onmessage = m => {
    let e;
    try { e = JSON.parse(m.data); } catch (err) { return; }
    onEvent(e);
  };
  ws.onclose = () => {
    state.socket = null;
    setTimeout(connectEvents, 3000);
  };
}

function onEvent(e) {
  const d = e.data || {};
  if (e.type === 'scan' && !$('sell').hidden && !$('dialog').open && !state.busy) addCode(String(d.code));
  else if (e.type === 'terminal.prompt' && state.onPrompt) state.onPrompt(String(d.text));
  else if (e.type === 'stock.low') toast('Low stock: ' + (d.sku || '') + ' (' + (d.onHand !== undefined ? d.onHand : '?') + ' left)');
  else if (e.type === 'device.state' && d.status && d.status !== 'ONLINE') toast(d.device + ' is ' + d.status, true);
  else if (e.type === 'receipt.failed') toast('Receipt not printed: ' + (d.detail || d.reason || ''), true);
  else if (e.type === 'order.received') toast('New online order ' + (d.id || '') + ': its items are reserved');
}

// ---- screens ----------------------------------------------------------------------------------------

function only(id) {
  for (const s of ['pair', 'login', 'shift', 'sell']) $(s).hidden = s !== id;
  const focus = { pair: 'pair-code', login: 'login-id', shift: 'shift-float', sell: 'search' }[id];
  setTimeout(() => $(focus).focus(), 0);
}

async function showPair(message) {
  closeDialog();
  only('pair');
  $('pair-error').textContent = message || '';
  try {
    const health = await (await fetch('/api/v1/health', { cache: 'no-store' })).json();
    $('pair-branch').textContent = health.branch;
    $('pair-device').textContent = health.deviceId;
    $('pair-fingerprint').textContent = health.tls && health.tls.enabled ? health.tls.fingerprint
      : 'none: this box serves plain HTTP (demo); use HTTPS in a store';
  } catch (e) {
    $('pair-error').textContent = 'The box does not answer.';
  }
}

function showLogin(message) {
  only('login');
  $('login-error').textContent = message || '';
  const screen = JSON.parse(localStorage.getItem(store.screen) || '{}');
  $('bar-screen').textContent = screen.name ? 'Screen: ' + screen.name : '';
  $('bar-staff').textContent = '';
  $('bar-shift').textContent = '';
}

async function afterLogin() {
  $('bar-staff').textContent = state.staff.name + ' (' + state.staff.role.toLowerCase() + ')';
  const shifts = await must('GET', '/api/v1/shifts');
  state.shift = shifts.shifts.find(s => s.staffId === state.staff.staffId) || null;
  if (!state.shift) {
    $('bar-shift').textContent = 'no open shift';
    only('shift');
    return;
  }
  $('bar-shift').textContent = 'Shift open since ' + clockTime(state.shift.openedAt);
  only('sell');
  render();
}

function endSession(message) {
  sessionStorage.removeItem(store.staff);
  state.staff = null;
  state.shift = null;
  if (state.cart.exchange) clearCart(); // the next cashier does not finish another's exchange
  closeDialog();
  showLogin(message);
}

$('pair-form').addEventListener('submit', async e => {
  e.preventDefault();
  const code = $('pair-code').value.trim();
  const name = $('pair-name').value.trim();
  try {
    const r = await call('POST', '/api/v1/pairing', { code, name });
    if (!r.ok) {
      $('pair-error').textContent = (r.data && r.data.detail) || 'Pairing refused (' + r.status + ')';
      return;
    }
    localStorage.setItem(store.token, r.data.token);
    localStorage.setItem(store.screen, JSON.stringify({ id: r.data.screenId, name: r.data.name, branch: r.data.branch }));
    $('pair-code').value = '';
    if (new URLSearchParams(location.search).get('next') === 'backoffice') {
      location.assign('/backoffice/');
      return;
    }
    connectEvents();
    showLogin('Paired as "' + r.data.name + '" with ' + r.data.branch + '.');
  } catch (err) {
    $('pair-error').textContent = 'The box does not answer; try again.';
  }
});

onLogin(async staff => {
  state.staff = staff;
  await afterLogin().catch(err => { $('login-error').textContent = err.message; });
});

$('shift-form').addEventListener('submit', async e => {
  e.preventDefault();
  const float = parseMoney($('shift-float').value);
  if (float === null) {
    $('shift-error').textContent = 'The float must be an amount like 200,00';
    return;
  }
  try {
    await must('POST', '/api/v1/shifts', { openingFloat: float });
    $('shift-error').textContent = '';
    await afterLogin();
  } catch (err) {
    $('shift-error').textContent = err.message;
  }
});
$('shift-logout').addEventListener('click', () => logout());

async function logout() {
  if (state.staff) await call('POST', '/api/v1/staff/logout').catch(() => null);
  endSession('Logged out.');
}

// ---- the basket -------------------------------------------------------------------------------------

/** A basket line as the box takes it: a manual discount or new price goes with the reason for it. */
function lineRequest(l) {
  const out = { sku: l.sku, qty: l.qty };
  if (l.serials) out.serials = l.serials;
  if (l.discount) out.discount = l.discount;
  if (l.unitPrice != null) out.unitPrice = l.unitPrice;
  if (l.reason) out.reason = l.reason;
  return out;
}

function cartRequest() {
  const body = { lines: state.cart.lines.map(lineRequest) };
  if (state.cart.coupon) body.coupon = state.cart.coupon;
  return body;
}

function changed() {
  if (state.cart.key && !state.busy) {
    // a new basket is a new sale; the old key stays only while a sale for it may be unanswered
    state.cart.key = state.cart.parkedKey || null;
  }
  requote();
}

let quoteSeq = 0;
async function requote() {
  const seq = ++quoteSeq;
  if (!state.cart.lines.length) {
    state.quote = null;
    render();
    return;
  }
  try {
    const r = await call('POST', '/api/v1/sales/quote', cartRequest());
    if (seq !== quoteSeq) return;
    if (r.ok) {
      state.quote = r.data;
      $('sell-error').textContent = '';
    } else {
      $('sell-error').textContent = r.data.detail;
      if (r.type === 'unknown-coupon') {
        state.cart.coupon = null;
        requote();
        return;
      }
    }
  } catch (e) {
    // unreachable: the banner says so; the basket stays as it is
  }
  render();
}

function render() {
  const body = $('basket-lines');
  body.replaceChildren();
  const quoted = state.quote ? state.quote.lines : [];
  state.cart.lines.forEach((l, i) => {
    const q = quoted[i];
    body.append(h('tr', { class: i === state.selected ? 'selected' : null, 'data-sku': l.sku, onclick: () => { state.selected = i; render(); } },
      h('td', {}, i + 1), h('td', {}, l.name, l.reason ? h('span', { class: 'muted' }, ' · ' + l.reason) : null,
        l.serials ? h('span', { class: 'muted serials' }, ' · S/N ' + l.serials.join(', ')) : null),
      h('td', { class: 'num' }, l.qty),
      h('td', { class: 'num' }, q ? money(q.unitPrice) + (q.taxInclusive ? '' : ' net') : '…'),
      h('td', { class: 'num' }, q && q.discount ? '−' + money(q.discount) : ''),
      h('td', { class: 'num' }, q ? money(q.total) : '…')));
  });
  $('basket-empty').hidden = state.cart.lines.length > 0;
  const t = state.quote || { subtotal: 0, discount: 0, tax: 0, total: 0 };
  $('t-subtotal').textContent = money(t.subtotal);
  $('t-discount').textContent = t.discount ? '−' + money(t.discount) : money(0);
  $('t-tax').textContent = money(t.tax);
  $('t-total').textContent = money(t.total);
  $('coupon-line').textContent = state.cart.coupon ? 'Coupon ' + state.cart.coupon : '';
  const x = state.cart.exchange;
  $('exchange-line').hidden = !x;
  if (x) {
    const due = dueNow();
    $('exchange-text').textContent = 'Exchange for sale ' + x.invoiceNo + ': goods back worth ' + money(x.credit) + ' · '
      + (!state.quote ? 'scan the new items' : due >= 0 ? 'to pay ' + money(due) : 'to give back ' + money(-due));
  }
}

/**
 * What the customer pays now: the basket's total, less the credit of goods coming back in an exchange (the
 * box settles an exchange on the goods' total; cash rounding applies to the cash part it takes only).
 */
function dueNow() {
  if (!state.quote) return 0;
  return state.cart.exchange ? state.quote.total - (state.quote.rounding || 0) - state.cart.exchange.credit
    : state.quote.total;
}

function addProduct(p, qty) {
  if (p.serialized) return askSerial(p, qty);
  const same = state.cart.lines.findIndex(l => l.sku === p.sku);
  if (same >= 0) {
    state.cart.lines[same].qty += qty;
    state.selected = same;
  } else {
    state.cart.lines.push({ sku: p.sku, name: p.name, qty });
    state.selected = state.cart.lines.length - 1;
  }
  changed();
}

/**
 * A serialized item goes into the basket unit by unit, each with the serial number scanned or typed from
 * its box; the box refuses one it never received or sold already, when the sale is paid.
 */
function askSerial(p, left) {
  const input = h('input', { id: 'serial-input', maxlength: 64, autocomplete: 'off', autofocus: true,
    placeholder: 'scan or type it' });
  const error = h('p', { class: 'error', role: 'alert', id: 'serial-error' });
  const f = h('form', { id: 'serial-form', class: 'stack' }, h('h2', {}, 'Serial number of ' + p.name),
    h('p', { class: 'muted' }, left > 1 ? left + ' units to scan, one at a time' : 'Each unit of this item is sold by its serial number.'),
    h('label', {}, 'Serial number ', input), error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { closeDialog(); focusSearch(); } }, 'Cancel')));
  f.addEventListener('submit', e => {
    e.preventDefault();
    const serial = input.value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(serial)) {
      error.textContent = 'A serial number is letters, digits, ".", "_", "/" or "-".';
      return;
    }
    const line = state.cart.lines.find(l => l.sku === p.sku && l.serials);
    if (state.cart.lines.some(l => l.serials && l.serials.includes(serial))) {
      error.textContent = serial + ' is in the basket already.';
      return;
    }
    if (line) {
      line.serials.push(serial);
      line.qty = line.serials.length;
      state.selected = state.cart.lines.indexOf(line);
    } else {
      state.cart.lines.push({ sku: p.sku, name: p.name, qty: 1, serials: [serial] });
      state.selected = state.cart.lines.length - 1;
    }
    changed();
    if (left > 1) askSerial(p, left - 1);
    else {
      closeDialog();
      focusSearch();
    }
  });
  openDialog(f);
}

/** Splits "3*4006381333931" into a quantity and the rest. */
function withQty(text) {
  const m = /^(\d{1,3})\*(.+)$/.exec(text.trim());
  return m ? { qty: Number(m[1]), rest: m[2].trim() } : { qty: 1, rest: text.trim() };
}

async function addCode(text) {
  const { qty, rest } = withQty(text);
  if (!rest || qty < 1) return;
  if (/^\d{6,14}$/.test(rest)) {
    const r = await call('GET', '/api/v1/products/by-barcode/' + encodeURIComponent(rest)).catch(() => null);
    if (r && r.ok) {
      addProduct(r.data, qty);
      return;
    }
  }
  const r = await call('GET', '/api/v1/products?limit=8&q=' + encodeURIComponent(rest)).catch(() => null);
  if (!r) return;
  const items = r.ok ? r.data.items : [];
  const exact = items.find(p => p.sku.toLowerCase() === rest.toLowerCase() || p.barcode === rest);
  if (exact || items.length === 1) addProduct(exact || items[0], qty);
  else if (!items.length) {
    $('sell-error').textContent = 'Nothing found for "' + rest + '"';
  } else {
    showResults(items, qty);
  }
}

function showResults(items, qty) {
  state.results = items;
  state.resultQty = qty || 1;
  state.active = 0;
  drawResults();
}

function drawResults() {
  const list = $('results');
  list.replaceChildren(...state.results.map((p, i) => h('li', { class: i === state.active ? 'active' : null,
    onmousedown: ev => { ev.preventDefault(); pickResult(i); } }, h('span', {}, p.name, ' ', h('span', { class: 'muted' }, p.sku)),
  h('span', {}, money(p.price)))));
  list.hidden = state.results.length === 0;
}

function pickResult(i) {
  const p = state.results[i];
  state.results = [];
  drawResults();
  $('search').value = '';
  if (p) addProduct(p, state.resultQty || 1);
}

let searchTimer = null;
$('search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  const { rest } = withQty($('search').value);
  if (rest.length < 2 || /^\d+$/.test(rest)) {
    state.results = [];
    drawResults();
    return;
  }
  searchTimer = setTimeout(async () => {
    const r = await call('GET', '/api/v1/products?limit=8&q=' + encodeURIComponent(rest)).catch(() => null);
    if (r && r.ok && withQty($('search').value).rest === rest) showResults(r.data.items, withQty($('search').value).qty);
  }, 200);
});

$('search-form').addEventListener('submit', e => {
  e.preventDefault();
  clearTimeout(searchTimer);
  if (state.results.length) {
    pickResult(state.active);
    return;
  }
  const text = $('search').value;
  $('search').value = '';
  $('sell-error').textContent = '';
  addCode(text);
});

$('search').addEventListener('keydown', e => {
  const empty = $('search').value === '';
  if (state.results.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
    state.active = (state.active + (e.key === 'ArrowDown' ? 1 : state.results.length - 1)) % state.results.length;
    drawResults();
    e.preventDefault();
  } else if (empty && (e.key === 'ArrowDown' || e.key === 'ArrowUp') && state.cart.lines.length) {
    const n = state.cart.lines.length;
    state.selected = state.selected < 0 ? n - 1 : (state.selected + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
    render();
    e.preventDefault();
  } else if (empty && (e.key === '+' || e.key === '-') && state.selected >= 0) {
    const line = state.cart.lines[state.selected];
    if (line.serials && e.key === '+') {
      // one more unit of a serialized item is one more serial number
      askSerial({ sku: line.sku, name: line.name, serialized: true }, 1);
    } else {
      if (line.serials) line.serials.pop();
      line.qty += e.key === '+' ? 1 : -1;
      if (line.qty <= 0) removeSelected();
      else changed();
    }
    e.preventDefault();
  } else if (empty && e.key === '%' && state.selected >= 0) {
    e.preventDefault();
    editLine();
  } else if (empty && e.key === 'Delete' && state.selected >= 0) {
    removeSelected();
    e.preventDefault();
  } else if (e.key === 'Escape') {
    $('search').value = '';
    state.results = [];
    drawResults();
  }
});

function removeSelected() {
  state.cart.lines.splice(state.selected, 1);
  state.selected = Math.min(state.selected, state.cart.lines.length - 1);
  changed();
}

function clearCart() {
  state.cart = { lines: [], coupon: null, key: null, exchange: null };
  state.quote = null;
  state.selected = -1;
  render();
}

// ---- dialogs ----------------------------------------------------------------------------------------

function openDialog(...content) {
  const d = $('dialog');
  $('dialog-body').replaceChildren(...content);
  if (!d.open) d.showModal();
  const first = d.querySelector('[autofocus]') || d.querySelector('input, select, button');
  if (first) first.focus();
}

/**
 * Gives the search field the keyboard again after a dialog. Chromium restores focus to it as the modal
 * dialog closes, but keystrokes then go nowhere until it is focused anew, which would swallow the next
 * scan; so it is blurred and focused once the dialog is gone.
 */
function focusSearch() {
  if ($('sell').hidden || $('dialog').open) return;
  const search = $('search');
  search.blur();
  search.focus();
}

function closeDialog() {
  const d = $('dialog');
  if (d.open) d.close();
  state.onPrompt = null;
}

$('dialog').addEventListener('cancel', e => {
  if (state.busy) e.preventDefault();
  else state.onPrompt = null;
});
$('dialog').addEventListener('close', () => setTimeout(focusSearch, 0));

function field(label, attrs) {
  return h('label', {}, label, h('input', attrs));
}

function dialogForm(title, fields, submitLabel, action, extra) {
  const error = h('p', { class: 'error', role: 'alert' });
  const f = h('form', { id: 'dialog-form' }, h('h2', {}, title), fields, extra || null, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, submitLabel),
      h('button', { type: 'button', class: 'secondary', onclick: closeDialog }, 'Cancel (Esc)')));
  f.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    try {
      await action(f, error);
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return f;
}

function needBasket() {
  if (!state.cart.lines.length || !state.quote) {
    toast('The basket is empty.', true);
    return false;
  }
  return true;
}

// ---- paying -----------------------------------------------------------------------------------------

function payCash() {
  if (!needBasket()) return;
  if (state.cart.exchange && dueNow() <= 0) return giveBack();
  const total = dueNow();
  const notes = [500, 1000, 2000, 5000, 10000].map(n => Math.ceil(total / n) * n).filter((v, i, a) => a.indexOf(v) === i && v > total);
  const input = h('input', { id: 'tendered', inputmode: 'decimal', value: (total / 100).toFixed(2).replace('.', ','), autofocus: true });
  const quick = h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', onclick: () => { input.value = (total / 100).toFixed(2).replace('.', ','); } }, 'Exact'),
    notes.slice(0, 4).map(n => h('button', { type: 'button', class: 'secondary', onclick: () => { input.value = (n / 100).toFixed(2).replace('.', ','); input.focus(); } }, money(n))));
  openDialog(dialogForm('Cash — total ' + money(total), [h('label', {}, 'Given by the customer (€)', input)], 'Take cash (Enter)',
    async () => {
      const amount = parseMoney(input.value);
      if (amount === null) throw new Error('Enter an amount like 20,00');
      await sell([{ method: 'CASH', amount }]);
    }, quick));
  input.select();
}

function payCard() {
  if (!needBasket()) return;
  if (state.cart.exchange && dueNow() <= 0) return giveBack();
  sell([{ method: 'CARD', amount: dueNow() }]);
}

/** An exchange for goods that cost no more than those coming back: nothing to pay, the rest goes back. */
function giveBack() {
  const x = state.cart.exchange;
  const back = -dueNow();
  // a difference never goes back to a card (that needs the terminal): a refund does that
  const how = h('select', { id: 'give-back-method' }, ['CASH', 'STORE_CREDIT', 'MOBILE', 'GIFT_CARD']
    .map(m => h('option', { value: m }, m.replace('_', ' ').toLowerCase())));
  how.value = x.method === 'CARD' ? 'CASH' : x.method;
  openDialog(dialogForm('Exchange for sale ' + x.invoiceNo, back > 0
    ? [h('p', { id: 'give-back' }, 'Give back ' + money(back)), h('label', {}, 'by', how)]
    : [h('p', { id: 'give-back' }, 'Nothing to pay or give back.')],
  'Complete the exchange (Enter)', async () => {
    x.method = how.value;
    await sell([]);
  }));
}

function paySplit() {
  if (!needBasket()) return;
  const total = dueNow();
  const rows = h('div', {});
  const remaining = h('p', { class: 'muted', id: 'split-remaining' });
  const update = () => {
    let paid = 0;
    const foreign = [];
    for (const r of rows.children) {
      const amount = parseMoney(r.querySelector('.amount').value);
      const currency = r.querySelector('.currency').value.trim().toUpperCase();
      if (amount === null) continue;
      if (currency && currency !== 'EUR') foreign.push((amount / 100).toLocaleString('de-DE', { minimumFractionDigits: 2 }) + ' ' + currency);
      else paid += amount;
    }
    remaining.textContent = 'Total ' + money(total) + ' · entered in EUR ' + money(paid)
      + (foreign.length ? ' + ' + foreign.join(' + ') + ' (the box converts at its rate)'
        : (paid < total ? ' · open ' + money(total - paid) : ''));
  };
  const addRow = (method, amount) => {
    const n = rows.children.length;
    const row = h('div', { class: 'row' },
      h('label', {}, 'Method', h('select', { class: 'method', id: 'split-method-' + n },
        ['CASH', 'CARD', 'MOBILE', 'GIFT_CARD'].map(m => h('option', { value: m }, m.replace('_', ' ').toLowerCase())))),
      h('label', {}, 'Amount', h('input', { class: 'amount', id: 'split-amount-' + n, inputmode: 'decimal', size: 8, value: amount, oninput: update })),
      h('label', {}, 'Foreign cash currency', h('input', { class: 'currency', id: 'split-currency-' + n, size: 4, maxlength: 3, placeholder: 'EUR', oninput: update })),
      h('label', {}, 'Gift card code', h('input', { class: 'reference', id: 'split-reference-' + n, size: 12 })));
    row.querySelector('.method').value = method;
    rows.append(row);
    update();
    row.querySelector('.amount').focus();
  };
  openDialog(dialogForm('Split or foreign-currency payment', [rows, remaining,
    h('button', { type: 'button', class: 'secondary', id: 'split-add', onclick: () => addRow('CASH', '') }, 'Add a tender')],
  'Pay (Enter)', async () => {
    const payments = [];
    for (const r of rows.children) {
      const amount = parseMoney(r.querySelector('.amount').value);
      if (amount === null || amount <= 0) continue;
      const p = { method: r.querySelector('.method').value, amount };
      const currency = r.querySelector('.currency').value.trim().toUpperCase();
      if (currency && currency !== 'EUR') {
        if (p.method !== 'CASH') throw new Error('Only cash can be in a foreign currency');
        p.currency = currency;
      }
      if (p.method === 'GIFT_CARD') p.reference = r.querySelector('.reference').value.trim();
      payments.push(p);
    }
    if (!payments.length) throw new Error('Enter at least one amount');
    await sell(payments);
  }));
  addRow('CARD', '');
  addRow('CASH', '');
}

/**
 * Sends the sale until the box answers. The key is made once per basket and kept across a lost answer,
 * a declined card and a manager approval, so none of them can make a second sale.
 */
async function sell(payments, approval) {
  if (!state.cart.key) state.cart.key = uuid();
  const x = state.cart.exchange;
  const body = { ...cartRequest(), payments };
  if (x) {
    body.returned = x.returned;
    body.reason = x.reason;
    if (dueNow() < 0) body.method = x.method;
  }
  if (approval) body.approval = approval;
  const card = payments.some(p => p.method === 'CARD');
  const prompt = h('p', { class: 'prompt', id: 'terminal-prompt' }, card ? 'Follow the card terminal…' : 'Recording the sale…');
  const note = h('p', { class: 'muted', id: 'sale-note' });
  openDialog(h('h2', {}, card ? 'Card payment' : 'Sale'), prompt, note);
  state.onPrompt = text => { prompt.textContent = text; };
  state.busy = true;
  let r;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        r = await call('POST', x ? '/api/v1/sales/' + encodeURIComponent(x.saleId) + '/exchange' : '/api/v1/sales', body,
          { key: state.cart.key, timeout: card ? 120000 : 20000 });
        break;
      } catch (e) {
        if (!(e instanceof Unreachable)) throw e;
        note.textContent = 'The box did not answer (attempt ' + attempt + '). Sending the same sale again with the same'
          + ' key; it is recorded once.';
        await new Promise(res => setTimeout(res, 2000));
      }
    }
  } finally {
    state.busy = false;
    state.onPrompt = null;
  }
  if (r.ok) {
    if (x) saleDone(r.data.sale, r.data.due < 0 ? -r.data.due : 0, x.method);
    else saleDone(r.data);
    return;
  }
  if (r.type === 'approval-required') {
    askApproval(r.data, a => sell(payments, a));
    return;
  }
  if (r.type === 'card-declined') {
    // an exchange is never parked by the box: a new card attempt goes with the same key, nothing else does
    if (!x) state.cart.parkedKey = state.cart.key;
    // the box's detail ends with how an API client retries; the cashier needs only why the card was not paid
    const why = String(r.data.detail).split('; the sale is still open')[0].replace(/^the card payment of \d+ was not made: /, '');
    openDialog(h('h2', {}, 'Card not paid'), h('p', { class: 'error', id: 'declined' }, why),
      h('p', { class: 'muted' }, 'The basket is kept. Try the card again or take another payment.'),
      h('div', { class: 'actions' }, h('button', { type: 'button', autofocus: true, onclick: () => payCard() }, 'F3 Card again'),
        h('button', { type: 'button', class: 'secondary', onclick: () => payCash() }, 'F2 Cash'),
        h('button', { type: 'button', class: 'secondary', onclick: closeDialog }, 'Back to the basket (Esc)')));
    return;
  }
  openDialog(h('h2', {}, 'Sale not recorded'), h('p', { class: 'error', id: 'sale-error' }, r.data.detail),
    h('div', { class: 'actions' }, h('button', { type: 'button', autofocus: true, onclick: closeDialog }, 'Back (Esc)')));
}

/** @param back what an exchange gave back by {@code method} (0: nothing) */
function saleDone(sale, back, method) {
  const recent = JSON.parse(localStorage.getItem(store.recent) || '[]');
  recent.unshift({ id: sale.id, invoiceNo: sale.invoiceNo, total: sale.total, at: sale.createdAt });
  localStorage.setItem(store.recent, JSON.stringify(recent.slice(0, 30)));
  clearCart();
  const paid = sale.payments.map(p => p.method.toLowerCase() + ' ' + money(p.amount)).join(' + ');
  openDialog(h('h2', {}, 'Sale ' + sale.invoiceNo + ' recorded'), h('p', {}, 'Total ' + money(sale.total) + ' · ' + paid),
    back ? h('p', { class: 'change', id: 'change' }, 'Give back ' + money(back) + ' (' + method.replace('_', ' ').toLowerCase() + ')')
      : sale.change ? h('p', { class: 'change', id: 'change' }, 'Change ' + money(sale.change)) : h('p', { id: 'change' }, 'No change due'),
    h('div', { class: 'actions' }, h('button', { type: 'button', autofocus: true, onclick: closeDialog }, 'Next customer (Enter)')));
}

const APPROVAL_WORDS = { SALE: 'a sale of', CASH_OUT: 'taking out', REFUND: 'a refund of', VOID: 'voiding',
  DISCOUNT: 'a discount of', PRICE_OVERRIDE: 'a price changed by', NO_SALE: 'opening the drawer without a sale' };

/** What a manager must approve, in the cashier's words, from the box's `approvalsNeeded`. */
function approvalReason(problem) {
  const needs = (problem && problem.approvalsNeeded) || [];
  if (!needs.length) return problem ? problem.detail : 'This needs a manager\'s approval.';
  return 'This needs a manager\'s approval: ' + needs.map(n => (APPROVAL_WORDS[n.action] || n.action.toLowerCase())
    + (n.action === 'NO_SALE' ? '' : ' ' + money(n.amount))).join(', ') + '.';
}

/** A manager approves at this screen with id and PIN; `retry` gets the approval to send with the same key. */
function askApproval(problem, retry) {
  const why = approvalReason(problem);
  const id = h('input', { id: 'approval-manager', autocomplete: 'off', autofocus: true });
  const pin = h('input', { id: 'approval-pin', type: 'password', inputmode: 'numeric', autocomplete: 'off' });
  openDialog(dialogForm('Manager approval needed', [h('p', { id: 'approval-why' }, why),
    h('label', {}, 'Manager id', id), h('label', {}, 'Manager PIN', pin)], 'Approve (Enter)', async () => {
    await retry({ managerId: id.value.trim(), managerPin: pin.value });
  }));
}

/**
 * A manual discount (percent or amount) or a new unit price for the chosen line, with the reason the box
 * journals. The box prices it at once, so a refused change never reaches the basket; above the till's
 * limits the manager approves when the sale is paid.
 */
function editLine() {
  if ($('sell').hidden || state.busy) return;
  const i = state.selected;
  const line = state.cart.lines[i];
  if (!line) return toast('Choose a line first (↑/↓).', true);
  const current = line.discount ? (line.discount.percent != null ? String(line.discount.percent).replace('.', ',') + ' %'
    : money(line.discount.amount)) : '';
  const discount = h('input', { id: 'line-discount', autocomplete: 'off', autofocus: true, placeholder: '10 % or 1,50', value: current });
  const price = h('input', { id: 'line-price', autocomplete: 'off', placeholder: '3,99',
    value: line.unitPrice != null ? money(line.unitPrice) : '' });
  const reason = h('input', { id: 'line-reason', autocomplete: 'off', maxlength: 200, value: line.reason || '' });
  openDialog(dialogForm('Price of ' + line.name, [
    h('label', {}, 'Discount: a percent (10 %) or an amount (1,50)', discount),
    h('label', {}, 'or a new unit price', price),
    h('label', {}, 'Reason', reason),
    h('p', { class: 'muted' }, 'Both empty: the catalog price again.')], 'Apply (Enter)', async () => {
    const d = discount.value.trim();
    const p = price.value.trim();
    const edited = { sku: line.sku, name: line.name, qty: line.qty, serials: line.serials };
    if (d && p) throw new Error('Give a discount or a new price, not both.');
    if (d) {
      const percent = /^(\d{1,3}(?:[.,]\d{1,2})?)\s*%$/.exec(d);
      const amount = percent ? null : parseMoney(d);
      if (!percent && !amount) throw new Error('The discount must be a percent like 10 % or an amount like 1,50.');
      edited.discount = percent ? { percent: Number(percent[1].replace(',', '.')) } : { amount };
    }
    if (p) {
      edited.unitPrice = parseMoney(p);
      if (edited.unitPrice === null) throw new Error('The price must be an amount like 3,99.');
    }
    if (d || p) {
      if (!reason.value.trim()) throw new Error('Say why the price changes.');
      edited.reason = reason.value.trim();
    }
    const lines = cartRequest().lines;
    lines[i] = lineRequest(edited);
    const r = await call('POST', '/api/v1/sales/quote', { ...cartRequest(), lines });
    if (!r.ok) throw new Error(r.data.detail);
    state.cart.lines[i] = edited;
    closeDialog();
    changed();
  }));
}

// ---- coupon, park, resume ---------------------------------------------------------------------------

function coupon() {
  const input = h('input', { id: 'coupon-code', autocomplete: 'off', autofocus: true, value: state.cart.coupon || '' });
  openDialog(dialogForm('Coupon', [h('label', {}, 'Coupon code (empty removes it)', input)], 'Apply (Enter)', async () => {
    const code = input.value.trim().toUpperCase();
    if (code) {
      const r = await call('POST', '/api/v1/sales/quote', { ...cartRequest(), coupon: code });
      if (!r.ok) throw new Error(r.data.detail);
    }
    state.cart.coupon = code || null;
    closeDialog();
    changed();
  }));
}

function park() {
  if (!state.cart.lines.length) return toast('Nothing to park.', true);
  if (state.cart.exchange) return toast('Finish or cancel the exchange first; an exchange is not parked.', true);
  const parked = JSON.parse(localStorage.getItem(store.parked) || '[]');
  parked.push({ at: new Date().toISOString(), cart: state.cart, total: state.quote ? state.quote.total : 0 });
  localStorage.setItem(store.parked, JSON.stringify(parked));
  clearCart();
  toast('Basket parked on this screen (F7 resumes it).');
}

async function resume() {
  const local = JSON.parse(localStorage.getItem(store.parked) || '[]');
  let boxParked = [];
  const r = await call('GET', '/api/v1/parked-sales').catch(() => null);
  if (r && r.ok) boxParked = r.data.parkedSales.filter(p => p.status === 'OPEN');
  const rows = [];
  local.forEach((p, i) => rows.push(h('tr', {}, h('td', {}, clockTime(p.at)), h('td', {}, 'parked here'),
    h('td', {}, p.cart.lines.map(l => l.qty + '× ' + l.name).join(', ')), h('td', { class: 'num' }, money(p.total)),
    h('td', {}, h('button', { type: 'button', onclick: () => {
      if (state.cart.lines.length) return toast('Park or finish the current basket first.', true);
      local.splice(i, 1);
      localStorage.setItem(store.parked, JSON.stringify(local));
      state.cart = p.cart;
      closeDialog();
      changed();
    } }, 'Resume')))));
  boxParked.forEach(p => rows.push(h('tr', {}, h('td', {}, clockTime(p.parkedAt)),
    h('td', {}, 'card not paid: ' + p.reason), h('td', {}, (p.request.lines || []).map(l => l.qty + '× ' + (l.sku || l.barcode)).join(', ')),
    h('td', { class: 'num' }, money(p.total)),
    h('td', {}, h('button', { type: 'button', onclick: async () => {
      if (state.cart.lines.length) return toast('Park or finish the current basket first.', true);
      const lines = [];
      for (const l of p.request.lines) {
        const q = await must('GET', '/api/v1/products?limit=1&q=' + encodeURIComponent(l.sku || l.barcode));
        lines.push({ sku: l.sku || q.items[0].sku, name: q.items.length ? q.items[0].name : l.sku, qty: l.qty });
      }
      state.cart = { lines, coupon: p.request.coupon || null, key: p.idempotencyKey, parkedKey: p.idempotencyKey };
      closeDialog();
      requote();
    } }, 'Resume'), ' ', h('button', { type: 'button', class: 'danger', onclick: async () => {
      await must('POST', '/api/v1/sales/' + encodeURIComponent(p.id) + '/cancel', { reason: 'cancelled at the screen' });
      toast('Parked sale cancelled.');
      resume();
    } }, 'Cancel')))));
  openDialog(h('h2', {}, 'Parked baskets'), rows.length ? h('table', {}, h('tbody', {}, rows)) : h('p', { class: 'muted' }, 'Nothing is parked.'),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: closeDialog }, 'Close (Esc)')));
}

// ---- sales: refund, void, reprint -------------------------------------------------------------------

function salesDialog() {
  const recent = JSON.parse(localStorage.getItem(store.recent) || '[]');
  const input = h('input', { id: 'sale-lookup', autocomplete: 'off', autofocus: true, placeholder: 'Beleg-ID from the receipt' });
  const list = h('table', {}, h('tbody', {}, recent.map(s => h('tr', {}, h('td', {}, 'No. ' + s.invoiceNo),
    h('td', {}, when(s.at)), h('td', { class: 'num' }, money(s.total)),
    h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-sale': s.id, onclick: () => openSale(s.id) }, 'Open'))))));
  openDialog(dialogForm('Sales', [h('label', {}, 'Sale id (scan or type the receipt\'s Beleg-ID)', input)], 'Open (Enter)',
    async () => openSale(input.value.trim()), h('div', {}, h('h3', {}, 'Sales from this screen'), recent.length ? list : h('p', { class: 'muted' }, 'None yet.'))));
}

async function openSale(id) {
  if (!id) return;
  const sale = await must('GET', '/api/v1/sales/' + encodeURIComponent(id));
  const refunds = (await must('GET', '/api/v1/sales/' + encodeURIComponent(id) + '/refunds')).refunds;
  const back = new Map();
  for (const r of refunds) for (const l of r.lines || []) back.set(l.lineNo, (back.get(l.lineNo) || 0) + l.qty);
  const voided = refunds.some(r => r.kind === 'VOID');
  const qtyInputs = [];
  const rows = sale.lines.map(l => {
    const left = l.qty - (back.get(l.lineNo) || 0);
    const input = h('input', { class: 'refund-qty', id: 'refund-qty-' + l.lineNo, 'data-line': l.lineNo, size: 3, value: '0',
      inputmode: 'numeric', disabled: left <= 0 || voided });
    qtyInputs.push({ line: l, input, left });
    return h('tr', {}, h('td', {}, l.lineNo), h('td', {}, l.name), h('td', { class: 'num' }, l.qty),
      h('td', { class: 'num' }, left), h('td', { class: 'num' }, money(l.total)), h('td', {}, input));
  });
  // a part paid by goods taken back goes back the way the sale they came from was paid (the box checks)
  const paidBy = sale.payments.map(p => p.method).flatMap(m => m === 'EXCHANGE' ? ['CASH', 'CARD'] : [m]);
  const methods = [...new Set(paidBy), 'STORE_CREDIT'];
  const method = h('select', { id: 'refund-method' }, methods.map(m => h('option', { value: m }, m.replace('_', ' ').toLowerCase())));
  const reason = h('input', { id: 'refund-reason', autocomplete: 'off', placeholder: 'why', value: '' });
  const key = { refund: uuid(), void: uuid() };
  const doRefund = async (approval) => {
    const lines = qtyInputs.map(q => ({ lineNo: q.line.lineNo, qty: Number(q.input.value) })).filter(x => x.qty > 0);
    if (!lines.length) throw new Error('Enter a quantity on at least one line');
    if (!reason.value.trim()) throw new Error('A refund needs a reason');
    const body = { lines, reason: reason.value.trim(), method: method.value };
    if (approval) body.approval = approval;
    const r = await call('POST', '/api/v1/sales/' + encodeURIComponent(id) + '/refunds', body, { key: key.refund, timeout: 120000 });
    if (r.type === 'approval-required') return askApproval(r.data, a => doRefund(a));
    if (!r.ok) throw new Error(r.data.detail);
    openDialog(h('h2', {}, 'Refund done'), h('p', { id: 'refund-done' }, 'Give back ' + money(r.data.amount) + ' (' + r.data.method.toLowerCase() + ')'),
      h('div', { class: 'actions' }, h('button', { type: 'button', autofocus: true, onclick: closeDialog }, 'Close (Enter)')));
  };
  const doExchange = async () => {
    const lines = qtyInputs.map(q => ({ lineNo: q.line.lineNo, qty: Number(q.input.value) })).filter(x => x.qty > 0);
    if (!lines.length) throw new Error('Enter a quantity on at least one line');
    if (!reason.value.trim()) throw new Error('An exchange needs a reason');
    const quote = await must('POST', '/api/v1/sales/' + encodeURIComponent(id) + '/refunds/quote', { lines });
    state.cart.exchange = { saleId: id, invoiceNo: sale.invoiceNo, returned: lines, reason: reason.value.trim(),
      credit: quote.amount, method: method.value };
    state.cart.key = null;
    state.cart.parkedKey = null;
    closeDialog();
    render();
    toast('Exchange for sale ' + sale.invoiceNo + ': scan the new items, then pay.');
  };
  const doVoid = async (approval) => {
    if (!reason.value.trim()) throw new Error('A void needs a reason');
    const body = { reason: reason.value.trim() };
    if (approval) body.approval = approval;
    const r = await call('POST', '/api/v1/sales/' + encodeURIComponent(id) + '/void', body, { key: key.void, timeout: 120000 });
    if (r.type === 'approval-required') return askApproval(r.data, a => doVoid(a));
    if (!r.ok) throw new Error(r.data.detail);
    openDialog(h('h2', {}, 'Sale voided'), h('p', { id: 'void-done' }, 'Sale ' + sale.invoiceNo + ' voided: ' + money(r.data.amount) + ' back'),
      h('div', { class: 'actions' }, h('button', { type: 'button', autofocus: true, onclick: closeDialog }, 'Close (Enter)')));
  };
  const error = h('p', { class: 'error', role: 'alert', id: 'sale-action-error' });
  const guard = action => async () => {
    error.textContent = '';
    try { await action(); } catch (e) { error.textContent = e.message; }
  };
  openDialog(h('h2', {}, 'Sale ' + sale.invoiceNo + ' · ' + money(sale.total) + (voided ? ' · VOIDED' : '')),
    h('p', { class: 'muted' }, when(sale.createdAt) + ' · ' + sale.payments.map(p => p.method.toLowerCase() + ' ' + money(p.amount)).join(' + ')),
    h('table', {}, h('thead', {}, h('tr', {}, ['#', 'Item', 'Qty', 'Left', 'Total', 'Refund qty'].map(c => h('th', {}, c)))), h('tbody', {}, rows)),
    h('div', { class: 'row' }, h('label', {}, 'Refund to', method), h('label', {}, 'Reason', reason)), error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'do-refund', onclick: guard(() => doRefund()) }, 'Refund'),
      h('button', { type: 'button', id: 'do-exchange', onclick: guard(() => doExchange()) }, 'Exchange for new items'),
      h('button', { type: 'button', class: 'danger', id: 'do-void', onclick: guard(() => doVoid()) }, 'Void whole sale'),
      h('button', { type: 'button', class: 'secondary', id: 'do-reprint', onclick: guard(async () => {
        await must('POST', '/api/v1/sales/' + encodeURIComponent(id) + '/receipt');
        toast('Copy of receipt ' + sale.invoiceNo + ' sent to the printer.');
      }) }, 'Reprint receipt'),
      h('button', { type: 'button', class: 'secondary', onclick: closeDialog }, 'Close (Esc)')));
  if (qtyInputs.length) qtyInputs[0].input.focus();
}

// ---- cash drawer ------------------------------------------------------------------------------------

/**
 * Cash put in or taken out of the drawer with its reason, or the drawer opened without a sale; above the
 * till's limits a manager approves at the screen. A cash move carries an Idempotency-Key made when the
 * dialog opens, so sending it again from the same dialog (after a lost answer, or with the approval) moves
 * the cash once.
 */
function cashDrawer() {
  const kind = h('select', { id: 'cash-kind', autofocus: true },
    h('option', { value: 'OUT' }, 'Cash out (e.g. to the bank)'), h('option', { value: 'IN' }, 'Cash in (e.g. change)'),
    h('option', { value: 'NO_SALE' }, 'Open the drawer, no sale'));
  const amount = h('input', { id: 'cash-amount', inputmode: 'decimal', autocomplete: 'off', placeholder: '50,00' });
  const reason = h('input', { id: 'cash-reason', autocomplete: 'off', maxlength: 200 });
  const key = uuid();
  const amountLabel = h('label', {}, 'Amount (€)', amount);
  kind.addEventListener('change', () => { amountLabel.hidden = kind.value === 'NO_SALE'; });
  openDialog(dialogForm('Cash drawer', [h('label', {}, 'What', kind), amountLabel, h('label', {}, 'Reason', reason)],
    'Record (Enter)', async () => {
      if (!reason.value.trim()) throw new Error('Say why the drawer opens.');
      const noSale = kind.value === 'NO_SALE';
      const minor = noSale ? 0 : parseMoney(amount.value);
      if (!noSale && !minor) throw new Error('Enter the amount, like 50,00.');
      const send = async approval => {
        const body = noSale ? { reason: reason.value.trim() } : { direction: kind.value, amount: minor, reason: reason.value.trim() };
        if (approval) body.approval = approval;
        const r = await call('POST', noSale ? '/api/v1/drawer/open' : '/api/v1/cash-moves', body, noSale ? {} : { key });
        if (r.type === 'approval-required') return askApproval(r.data, send);
        if (!r.ok) throw new Error(r.data.detail);
        closeDialog();
        toast(noSale ? 'Drawer opened (no sale), recorded.' : (kind.value === 'IN' ? 'Cash in ' : 'Cash out ') + money(minor) + ' recorded.');
      };
      await send();
    }));
}

// ---- reports and closing ----------------------------------------------------------------------------

async function xReport() {
  const x = await must('GET', '/api/v1/reports/x');
  const t = x.totals || {};
  const rows = [['Sales', (t.salesCount || 0) + ' · ' + money(t.salesTotal || 0)], ['Refunds', (t.refundsCount || 0) + ' · ' + money(t.refundsTotal || 0)],
    ['Voids', (t.voidsCount || 0) + ' · ' + money(t.voidsTotal || 0)], ['Turnover', money(t.turnover || 0)]];
  for (const [m, v] of Object.entries(t.byMethod || {})) rows.push([m.toLowerCase(), money(v)]);
  for (const s of x.shifts || x.openShifts || []) rows.push(['Drawer of ' + s.staffId + ' (expected)', money(s.expected)]);
  openDialog(h('h2', {}, 'X report (no closing)'), h('table', { id: 'x-report' }, h('tbody', {}, rows.map(r => h('tr', {}, h('th', {}, r[0]), h('td', { class: 'num' }, r[1]))))),
    h('div', { class: 'actions' }, h('button', { type: 'button', autofocus: true, onclick: async () => {
      await must('POST', '/api/v1/reports/x/print');
      toast('X report sent to the printer.');
    } }, 'Print'), h('button', { type: 'button', class: 'secondary', onclick: closeDialog }, 'Close (Esc)')));
}

function closing() {
  const counted = h('input', { id: 'counted', inputmode: 'decimal', autofocus: true });
  const manager = h('input', { id: 'z-manager', autocomplete: 'off' });
  const pin = h('input', { id: 'z-pin', type: 'password', inputmode: 'numeric', autocomplete: 'off' });
  const out = h('div', { id: 'closing-result' });
  openDialog(dialogForm('Close my shift', [h('label', {}, 'Cash counted in the drawer (€)', counted)], 'Close shift (Enter)', async () => {
    const amount = parseMoney(counted.value);
    if (amount === null) throw new Error('Enter the counted cash, like 245,50');
    const shift = await must('POST', '/api/v1/shifts/' + encodeURIComponent(state.shift.id) + '/close', { counted: amount });
    out.replaceChildren(h('p', { id: 'shift-closed' }, 'Shift closed. Expected ' + money(shift.expected) + ', counted ' + money(shift.counted)
      + ', variance ' + money(shift.variance)));
    state.shift = null;
    $('bar-shift').textContent = 'shift closed';
  }, h('div', {}, out, h('h3', {}, 'Z report (end of day, a manager)'),
    h('div', { class: 'row' }, h('label', {}, 'Manager id', manager), h('label', {}, 'Manager PIN', pin),
      h('button', { type: 'button', id: 'run-z', class: 'danger', onclick: async () => {
        try {
          const session = await must('POST', '/api/v1/staff/login', { staffId: manager.value.trim(), pin: pin.value }, { staff: null });
          try {
            const z = await must('POST', '/api/v1/reports/z', undefined, { staff: session.token });
            out.replaceChildren(h('p', { id: 'z-done' }, 'Z ' + z.zNo + ' for ' + z.businessDate + ': turnover ' + money(z.turnover)
              + ', grand total ' + money(z.grandTotal) + '. Selling waits for a new shift.'));
            state.shift = null;
            $('bar-shift').textContent = 'closed by Z ' + z.zNo;
          } finally {
            await call('POST', '/api/v1/staff/logout', undefined, { staff: session.token }).catch(() => null);
          }
        } catch (e) {
          out.replaceChildren(h('p', { class: 'error' }, e.message));
        }
      } }, 'Run Z report')))));
}

// ---- keys -------------------------------------------------------------------------------------------

const KEYS = { F1: cashDrawer, F2: payCash, F3: payCard, F4: paySplit, F5: coupon, F6: park, F7: resume, F8: salesDialog, F9: xReport,
  F10: closing, F12: logout };

function runKey(key) {
  if ($('sell').hidden && key !== 'F12') return;
  if (state.busy) return;
  if (!state.shift && key !== 'F12' && key !== 'F9') {
    afterLogin().catch(() => null);
    return;
  }
  const action = KEYS[key];
  if (!action) return;
  Promise.resolve(action()).catch(e => toast(e.message, true));
}

document.addEventListener('keydown', e => {
  if (KEYS[e.key]) {
    e.preventDefault();
    if ($('dialog').open && !['F2', 'F3'].includes(e.key)) return;
    if ($('dialog').open && !document.getElementById('declined')) return;
    runKey(e.key);
  }
});
for (const b of document.querySelectorAll('#keys button[data-key]')) b.addEventListener('click', () => runKey(b.dataset.key));
$('line-key').addEventListener('click', editLine);
$('exchange-cancel').addEventListener('click', () => {
  state.cart.exchange = null;
  state.cart.key = null;
  state.cart.parkedKey = null;
  render();
});

setInterval(() => { $('bar-clock').textContent = when(new Date(), { dateStyle: 'short', timeStyle: 'short' }); }, 1000);
watchHealth();

if (!localStorage.getItem(store.token)) {
  showPair();
} else {
  connectEvents();
  if (state.staff) afterLogin().catch(() => showLogin());
  else showLogin();
}
