'use strict';
// The back office's Stock tab: levels and their movements, goods in, counts and write-offs, transfers
// between branches (request, approve or reject, ship, receive with a reason for every difference, close)
// and receiving goods against HQ's purchase orders. The box decides who may do what and says so; a new
// transfer, movement or receipt carries an id made when its form opened, so a retry never books twice.

const MOVE_TYPES = { PURCHASE: 'Goods in (delivery)', INITIAL: 'Count (sets the level)', ADJUSTMENT: 'Correction (±)',
  DAMAGE: 'Write-off: damaged', EXPIRED: 'Write-off: expired' };
const TRANSFER_WORDS = { PENDING: 'waiting for approval', APPROVED: 'approved, not shipped yet', REJECTED: 'rejected',
  SHIPPED: 'on its way', RECEIVED: 'received', PARTIALLY_RECEIVED: 'received with differences', CLOSED: 'closed' };

LOADERS.stock = loadStock;

async function loadStock() {
  const [t, p, s, r] = await Promise.all([must('GET', '/api/v1/transfers?limit=50'),
    must('GET', '/api/v1/purchase-orders?limit=50'),
    must('GET', '/api/v1/stock?limit=1000&low=' + $('stock-low').checked),
    must('GET', '/api/v1/stock/reservations?open=true&limit=200')]);
  $('res-lines').replaceChildren(...r.reservations.map(x => h('tr', {},
    h('td', {}, day(x.reservedAt)), h('td', {}, x.sku), h('td', { class: 'num' }, String(x.openQty)),
    h('td', {}, x.reference), h('td', {}, x.note || ''),
    h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-release': x.id,
      onclick: () => releaseReservation(x) }, 'Release')))));
  $('res-empty').hidden = r.reservations.length > 0;
  $('transfer-lines').replaceChildren(...t.transfers.map(x => h('tr', {},
    h('td', {}, day(x.createdAt)), h('td', {}, x.from), h('td', {}, x.to),
    h('td', {}, x.lines.map(l => l.requested + ' × ' + l.sku).join(', ')),
    h('td', { class: 'status-' + x.status }, TRANSFER_WORDS[x.status] || x.status),
    h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-transfer': x.id,
      onclick: () => guard(() => openTransfer(x.id)) }, 'Open')))));
  $('transfer-empty').hidden = t.transfers.length > 0;
  $('po-lines').replaceChildren(...p.purchaseOrders.map(o => h('tr', {},
    h('td', {}, o.supplier), h('td', {}, o.lines.map(l => l.received + '/' + l.ordered + ' × ' + l.sku).join(', ')),
    h('td', { class: 'status-' + o.status }, o.status.replace('_', ' ').toLowerCase()), h('td', {}, day(o.updatedAt)),
    h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-po': o.id,
      onclick: () => guard(() => openOrder(o.id)) }, 'Open')))));
  $('po-empty').hidden = p.purchaseOrders.length > 0;
  $('stock-lines').replaceChildren(...s.stock.map(l => h('tr', {},
    h('td', {}, l.sku), h('td', { class: 'num' }, String(l.onHand)), h('td', { class: 'num' }, String(l.reserved)),
    h('td', { class: 'num' }, String(l.available)), h('td', { class: 'num' }, String(l.reorderLevel)),
    h('td', { class: l.low ? 'status-UNPAID' : '' }, l.low ? 'reorder' : ''),
    h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-sku': l.sku,
      onclick: () => guard(() => openHistory(l.sku)) }, 'Movements')))));
}

$('stock-low').addEventListener('change', () => guard(loadStock));
$('stock-move').addEventListener('click', () => newMovement());
$('transfer-new').addEventListener('click', () => newTransfer());

/** A whole number of units typed into a field, or an error naming the line. */
function units(input, what, allowZero) {
  const t = input.value.trim();
  if (!/^\d+$/.test(t) || (!allowZero && Number(t) === 0)) throw new Error(what + ' must be a whole number'
    + (allowZero ? '' : ' above 0'));
  return Number(t);
}

function newMovement() {
  let id = uuid();
  const type = select('mv-type', MOVE_TYPES, 'PURCHASE');
  const qtyLabel = h('span', {}, 'Quantity');
  type.addEventListener('change', () => {
    qtyLabel.textContent = type.value === 'INITIAL' ? 'Counted' : type.value === 'ADJUSTMENT' ? 'Change (− to lower)' : 'Quantity';
  });
  openDialog(h('h2', {}, 'Record a stock movement'),
    h('p', { class: 'muted' }, 'Goods in need any login; counts, corrections and write-offs need a manager.'),
    form('mv-form', null, [
      field('What', type),
      field('SKU', h('input', { id: 'mv-sku', maxlength: 64, required: true, autofocus: true })),
      h('label', {}, qtyLabel, h('input', { id: 'mv-qty', inputmode: 'numeric', required: true })),
      field('Reason', h('input', { id: 'mv-reason', maxlength: 500 })),
      field('Reference (delivery note)', h('input', { id: 'mv-ref', maxlength: 100 })),
      field('Serial numbers, one per line (serialized items only)', h('textarea', { id: 'mv-serials', rows: 3 })),
      h('p', { class: 'muted' }, 'A cashier\'s write-off above the till\'s limit needs a manager here:'),
      h('div', { class: 'row' }, field('Manager id', h('input', { id: 'mv-manager', maxlength: 64, autocomplete: 'off' })),
        field('Manager PIN', h('input', { id: 'mv-manager-pin', type: 'password', inputmode: 'numeric',
          autocomplete: 'off' }))),
    ], 'Record', async () => {
      const raw = $('mv-qty').value.trim();
      if (!/^[-−]?\d+$/.test(raw)) throw new Error('The quantity must be a whole number');
      const n = Number(raw.replace('−', '-'));
      const body = { id, type: type.value, sku: $('mv-sku').value.trim(), reason: $('mv-reason').value.trim() || null,
        reference: $('mv-ref').value.trim() || null };
      if (type.value === 'INITIAL') body.counted = n; else body.qty = n;
      const serials = $('mv-serials').value.split(/\s*\n\s*/).map(x => x.trim()).filter(x => x);
      if (serials.length) body.serials = serials;
      if ($('mv-manager').value.trim()) {
        body.approval = { managerId: $('mv-manager').value.trim(), managerPin: $('mv-manager-pin').value };
      }
      const done = await create('/api/v1/stock/movements', body, 'movement-exists');
      id = uuid();
      toast(done ? body.sku + ': ' + done.onHand + ' on hand' : 'Recorded already');
      closeDialog();
      await loadStock();
    }), h('div', { class: 'actions' }, closeButton()));
}

/** Gives back what a reservation still holds (an order that will not be collected, say). */
function releaseReservation(x) {
  openDialog(h('h2', {}, 'Release ' + x.openQty + ' × ' + x.sku + ' held for ' + x.reference),
    form('rel-form', null, [field('Reason', h('input', { id: 'rel-reason', maxlength: 500, required: true, autofocus: true }))],
      'Release', async () => {
        await must('POST', '/api/v1/stock/reservations/' + encodeURIComponent(x.id) + '/release',
          { reason: $('rel-reason').value.trim() });
        toast(x.openQty + ' × ' + x.sku + ' available again');
        closeDialog();
        await loadStock();
      }), h('div', { class: 'actions' }, closeButton()));
}

async function openHistory(sku) {
  const r = await must('GET', '/api/v1/stock/' + encodeURIComponent(sku) + '/movements?limit=100');
  openDialog(h('h2', {}, 'Movements of ' + sku),
    h('table', { id: 'mv-history' }, h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Type'),
      h('th', { class: 'num' }, 'Change'), h('th', {}, 'Reference'))),
    h('tbody', {}, r.movements.map(m => h('tr', {}, h('td', {}, day(m.occurredAt)), h('td', {}, m.type),
      h('td', { class: 'num' }, m.reservedDelta ? (m.reservedDelta > 0 ? 'holds ' : 'frees ') + Math.abs(m.reservedDelta)
        : (m.delta > 0 ? '+' : '') + m.delta), h('td', {}, m.refId || ''))))),
    h('div', { class: 'actions' }, closeButton()));
}

/** A line of items to enter: SKU and quantity inputs, and a remove button. */
function itemRow(list) {
  const row = h('div', { class: 'row item' },
    field('SKU', h('input', { class: 'it-sku', maxlength: 64, required: true })),
    field('Quantity', h('input', { class: 'it-qty', inputmode: 'numeric', required: true })),
    h('button', { type: 'button', class: 'secondary', onclick: () => { if (list.children.length > 1) row.remove(); } }, 'Remove'));
  list.append(row);
  return row;
}

function newTransfer() {
  const id = uuid();
  const list = h('div', { id: 'tr-items' });
  itemRow(list);
  openDialog(h('h2', {}, 'Request goods from another branch (a manager)'),
    h('p', { class: 'muted' }, 'HQ passes the request on; the other branch approves and ships it, and you receive it here.'),
    form('tr-form', null, [
      field('From branch (its code)', h('input', { id: 'tr-from', maxlength: 64, pattern: '[A-Za-z0-9_\\-]+', required: true,
        autofocus: true })),
      list,
      h('button', { type: 'button', class: 'secondary', onclick: () => itemRow(list) }, 'Add an item'),
      field('Note', h('input', { id: 'tr-note', maxlength: 500 })),
    ], 'Send request', async () => {
      const lines = [...list.querySelectorAll('.item')].map((row, i) => ({
        sku: row.querySelector('.it-sku').value.trim(), qty: units(row.querySelector('.it-qty'), 'Item ' + (i + 1), false) }));
      await create('/api/v1/transfers', { id, from: $('tr-from').value.trim(), lines,
        note: $('tr-note').value.trim() || null }, 'transfer-exists');
      toast('Transfer requested from ' + $('tr-from').value.trim());
      closeDialog();
      await loadStock();
    }), h('div', { class: 'actions' }, closeButton()));
}

/** A step on a transfer; its answer is the transfer after it. */
async function step(t, name, body) {
  const after = await must('POST', '/api/v1/transfers/' + encodeURIComponent(t.id) + '/' + name, body || {});
  toast('Transfer ' + TRANSFER_WORDS[after.status]);
  await Promise.all([openTransfer(t.id), loadStock()]);
}

/** Per-line quantity (and reason) inputs for shipping or receiving, prefilled with {@code start(line)}. */
function quantities(prefix, t, start, withReason) {
  return h('table', { id: prefix + '-lines' }, h('thead', {}, h('tr', {}, h('th', {}, 'SKU'), h('th', { class: 'num' }, 'Requested'),
    h('th', { class: 'num' }, 'Shipped'), h('th', {}, 'Quantity'), withReason ? h('th', {}, 'Reason if it differs') : null)),
  h('tbody', {}, t.lines.map(l => h('tr', { 'data-sku': l.sku }, h('td', {}, l.sku),
    h('td', { class: 'num' }, String(l.requested)), h('td', { class: 'num' }, l.shipped === null ? '' : String(l.shipped)),
    h('td', {}, h('input', { class: 'q', inputmode: 'numeric', value: String(start(l)), size: 5 })),
    withReason ? h('td', {}, h('input', { class: 'why', maxlength: 500 })) : null))));
}

function readQuantities(prefix, withReason) {
  return [...document.querySelectorAll('#' + prefix + '-lines tbody tr')].map(r => ({ sku: r.dataset.sku,
    qty: units(r.querySelector('.q'), r.dataset.sku, true),
    reason: withReason ? r.querySelector('.why').value.trim() || null : null }));
}

async function openTransfer(id) {
  const t = await must('GET', '/api/v1/transfers/' + encodeURIComponent(id));
  const actions = [];
  if (t.side === null) {
    actions.push(h('p', { class: 'muted' }, 'This box does not sync with HQ, so it cannot move transfers on.'));
  } else if (t.side === 'sending' && t.status === 'PENDING') {
    actions.push(h('div', { class: 'actions' }, h('button', { type: 'button', id: 'tr-approve',
      onclick: () => guard(() => step(t, 'approve')) }, 'Approve')),
    form('tr-reject', 'Or reject it', [field('Reason', h('input', { id: 'tr-reject-reason', maxlength: 500, required: true }))],
      'Reject', () => step(t, 'reject', { reason: $('tr-reject-reason').value.trim() })));
  } else if (t.side === 'sending' && t.status === 'APPROVED') {
    actions.push(form('tr-ship', 'Ship it: what goes into the parcel', [quantities('ship', t, l => l.requested, false)],
      'Ship (stock leaves this branch)', () => step(t, 'ship', { lines: readQuantities('ship', false) })));
  } else if (t.side === 'receiving' && t.status === 'SHIPPED') {
    actions.push(form('tr-receive', 'Receive it: what arrived', [quantities('recv', t, l => l.shipped || 0, true)],
      'Receive (stock arrives here)', () => step(t, 'receive', { lines: readQuantities('recv', true) })));
  } else if (t.side === 'sending' && (t.status === 'RECEIVED' || t.status === 'PARTIALLY_RECEIVED')) {
    actions.push(form('tr-close', 'Close it once the differences are settled', [field('Note',
      h('input', { id: 'tr-close-reason', maxlength: 500 }))], 'Close',
    () => step(t, 'close', { reason: $('tr-close-reason').value.trim() || null })));
  } else if (t.status !== 'CLOSED' && t.status !== 'REJECTED') {
    actions.push(h('p', { class: 'muted', id: 'tr-waiting' }, 'Waiting for the ' + (t.side === 'sending' ? 'receiving' : 'sending')
      + ' branch; HQ tells this box when it moved on.'));
  }
  openDialog(h('h2', {}, 'Transfer ' + t.from + ' → ' + t.to),
    h('dl', { class: 'facts' }, h('dt', {}, 'Status'), h('dd', { id: 'tr-status', class: 'status-' + t.status },
      TRANSFER_WORDS[t.status] || t.status), t.note ? [h('dt', {}, 'Note'), h('dd', {}, t.note)] : null),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'SKU'), h('th', { class: 'num' }, 'Requested'),
      h('th', { class: 'num' }, 'Shipped'), h('th', { class: 'num' }, 'Received'), h('th', {}, 'Difference'))),
    h('tbody', {}, t.lines.map(l => h('tr', {}, h('td', {}, l.sku), h('td', { class: 'num' }, String(l.requested)),
      h('td', { class: 'num' }, l.shipped === null ? '' : String(l.shipped)),
      h('td', { class: 'num' }, l.received === null ? '' : String(l.received)), h('td', {}, l.reason || ''))))),
    h('ul', { id: 'tr-steps', class: 'muted' }, t.steps.map(s => h('li', {}, day(s.at) + ' ' + s.step + ' by '
      + (s.branch === 'hq' ? 'HQ' : s.branch) + (s.reason ? ': ' + s.reason : '')))),
    ...actions, h('div', { class: 'actions' }, closeButton()));
}

async function openOrder(id) {
  const o = await must('GET', '/api/v1/purchase-orders/' + encodeURIComponent(id));
  let receiptId = uuid();
  const open = o.status === 'SENT' || o.status === 'PARTIALLY_RECEIVED';
  const lines = h('table', { id: 'po-receive' }, h('thead', {}, h('tr', {}, h('th', {}, 'SKU'), h('th', { class: 'num' }, 'Ordered'),
    h('th', { class: 'num' }, 'Received'), open ? [h('th', {}, 'Now'), h('th', {}, 'Reason if more than ordered'),
      h('th', {}, 'Serial numbers (serialized items)')] : null)),
  h('tbody', {}, o.lines.map(l => h('tr', { 'data-sku': l.sku }, h('td', {}, l.sku), h('td', { class: 'num' }, String(l.ordered)),
    h('td', { class: 'num' }, String(l.received)), open ? [h('td', {}, h('input', { class: 'q', inputmode: 'numeric', size: 5,
      value: String(Math.max(0, l.ordered - l.received)) })), h('td', {}, h('input', { class: 'why', maxlength: 500 })),
      h('td', {}, h('input', { class: 'sn', autocomplete: 'off', placeholder: 'one per unit' }))] : null))));
  openDialog(h('h2', {}, 'Purchase order from ' + o.supplier),
    h('p', { id: 'po-status', class: 'status-' + o.status }, o.status.replace('_', ' ').toLowerCase()),
    open ? form('po-form', null, [lines], 'Take these goods in', async () => {
      const body = { id: receiptId, lines: [...lines.querySelectorAll('tbody tr')].map(r => {
        const line = { sku: r.dataset.sku, qty: units(r.querySelector('.q'), r.dataset.sku, true),
          reason: r.querySelector('.why').value.trim() || null };
        const serials = r.querySelector('.sn').value.split(/[\s,;]+/).filter(x => x);
        if (serials.length) line.serials = serials;
        return line;
      }).filter(l => l.qty > 0 || l.reason || l.serials) };
      const after = await create('/api/v1/purchase-orders/' + encodeURIComponent(id) + '/receipts', body, 'receipt-exists');
      receiptId = uuid();
      toast('Goods received' + (after ? '; the order is ' + after.status.replace('_', ' ').toLowerCase() : ''));
      await Promise.all([openOrder(id), loadStock()]);
    }) : lines,
    h('ul', { class: 'muted', id: 'po-receipts' }, o.receipts.map(r => h('li', {}, day(r.at) + ': '
      + r.lines.map(l => l.qty + ' × ' + l.sku + (l.reason ? ' (' + l.reason + ')' : '')).join(', ')))),
    h('div', { class: 'actions' }, closeButton()));
}
