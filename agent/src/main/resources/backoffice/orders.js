'use strict';
// The back office's Online orders tab: web-shop orders HQ routed to this branch (their stock is reserved
// when they arrive). Staff pack and ship one (its goods leave stock) or reject it with the reason the shop
// is told. The box refuses what it cannot do and says why; shipping twice ships once.

const ORDER_WORDS = { PROCESSING: 'to pack', SHIPPED: 'shipped', REJECTED: 'rejected', DELIVERED: 'delivered',
  CANCELLED: 'cancelled (sent to another branch)' };

LOADERS.orders = loadOrders;

async function loadOrders() {
  const r = await must('GET', '/api/v1/orders?limit=200' + ($('orders-open').checked ? '&status=PROCESSING' : ''));
  $('order-lines').replaceChildren(...r.orders.map(o => h('tr', { 'data-order': o.id },
    h('td', {}, day(o.receivedAt)), h('td', {}, o.id),
    h('td', {}, o.lines.map(l => l.qty + ' × ' + l.sku).join(', ')),
    h('td', {}, customerName(o.customer)),
    h('td', { class: 'status-' + o.status }, ORDER_WORDS[o.status] || o.status, o.reason ? ' · ' + o.reason : ''),
    h('td', {}, o.status === 'PROCESSING' ? [
      h('button', { type: 'button', 'data-ship': o.id, onclick: () => guard(() => shipOrder(o)) }, 'Shipped'),
      h('button', { type: 'button', class: 'secondary', 'data-reject': o.id, onclick: () => rejectOrder(o) }, 'Reject')]
      : []))));
  $('order-empty').hidden = r.orders.length > 0;
}

function customerName(c) {
  if (!c) return '';
  return [c.name, c.email].filter(Boolean).join(' · ');
}

async function shipOrder(o) {
  await must('POST', '/api/v1/orders/' + encodeURIComponent(o.id) + '/fulfill', {});
  toast('Order ' + o.id + ' shipped: the shop is told');
  await loadOrders();
}

function rejectOrder(o) {
  openDialog(h('h2', {}, 'Reject order ' + o.id),
    form('order-reject-form', null, [field('Reason (the shop is told)', h('input', { id: 'order-reason', maxlength: 200,
      required: true, autofocus: true }))], 'Reject', async () => {
      await must('POST', '/api/v1/orders/' + encodeURIComponent(o.id) + '/reject', { reason: $('order-reason').value.trim() });
      toast('Order ' + o.id + ' rejected; its stock is free again');
      closeDialog();
      await loadOrders();
    }), h('div', { class: 'actions' }, closeButton()));
}

$('orders-open').addEventListener('change', () => guard(loadOrders));
