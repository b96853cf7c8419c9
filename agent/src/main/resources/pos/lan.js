'use strict';
// What the box's pages share (the POS screen and the back office): elements built with the DOM API only
// (never innerHTML), money in German notation, and calls to the LAN API with the screen's bearer token
// (from pairing, kept for the origin) and the staff session (kept for the tab). Each page sets lan.page
// to say whose staff session it sends and how it shows the link to the box, a lost pairing and an ended
// session.

const store = { token: 'wk-pos-token', screen: 'wk-pos-screen', parked: 'wk-pos-parked', recent: 'wk-pos-recent',
  staff: 'wk-pos-staff' };
const lan = {
  page: { staffToken: () => null, link: () => {}, unpaired: () => {}, loggedOut: () => {} },
};
const $ = id => document.getElementById(id);
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.substring(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const money = minor => (minor / 100).toLocaleString('de-DE', { style: 'currency', currency: 'EUR' });

/** "20", "20,5", "20.50" or "20 €" as minor units; null when it is not an amount. */
function parseMoney(text) {
  const t = String(text).trim().replace(/\s|€/g, '');
  if (!/^\d{1,7}([.,]\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split(/[.,]/);
  return Number(whole) * 100 + Number((frac + '00').substring(0, 2));
}

/** A random UUID v4; crypto.randomUUID is missing outside secure contexts (plain HTTP on the LAN). */
function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toast(message, isError) {
  const box = h('div', { class: isError ? 'error' : null }, message);
  $('toast').append(box);
  setTimeout(() => box.remove(), isError ? 8000 : 4000);
}

// ---- the box ----------------------------------------------------------------------------------------

class Unreachable extends Error {}

/** The screen's bearer token and, when given, a staff session. */
function authHeaders(staff) {
  const headers = {};
  const token = localStorage.getItem(store.token);
  if (token) headers.Authorization = 'Bearer ' + token;
  if (staff) headers['X-WK-Staff'] = staff;
  return headers;
}

/** One call to the LAN API; throws Unreachable when no answer came. Answers {status, data, type}. */
async function call(method, path, body, opts = {}) {
  const headers = authHeaders(opts.staff === undefined ? lan.page.staffToken() : opts.staff);
  if (opts.key) headers['Idempotency-Key'] = opts.key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeout || 15000) });
  } catch (e) {
    lan.page.link(false, 'The box does not answer (' + e.message + ')');
    throw new Unreachable(e.message);
  }
  lan.page.link(true);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
  const type = data && typeof data.type === 'string' ? data.type.replace('urn:wk-edge:problem:', '') : null;
  if (res.status === 401 && (type === 'pairing-required' || type === 'screen-revoked' || type === 'unauthorized')) {
    localStorage.removeItem(store.token);
    lan.page.unpaired('This screen is not paired (or was unpaired). Pair it again.');
  } else if (res.status === 401 && type === 'login-required' && opts.staff === undefined) {
    lan.page.loggedOut('Your session ended. Log in again.');
  }
  return { status: res.status, ok: res.ok, data, type };
}

/** A call that must succeed: a problem becomes an Error with the box's detail. */
async function must(method, path, body, opts) {
  const r = await call(method, path, body, opts);
  if (!r.ok) throw new Error((r.data && r.data.detail) || 'The box answered ' + r.status);
  return r.data;
}

/**
 * The login form (#login-form with #login-id, #login-pin, #login-error): a staff id and PIN make a
 * session for this tab, handed to {@code then}; a refusal shows in the form.
 */
function onLogin(then) {
  $('login-form').addEventListener('submit', async e => {
    e.preventDefault();
    const r = await call('POST', '/api/v1/staff/login', { staffId: $('login-id').value.trim(), pin: $('login-pin').value },
      { staff: null }).catch(() => null);
    $('login-pin').value = '';
    if (!r) {
      $('login-error').textContent = 'The box does not answer; try again.';
      return;
    }
    if (!r.ok) {
      $('login-error').textContent = (r.data && r.data.detail) || 'Login refused';
      return;
    }
    sessionStorage.setItem(store.staff, JSON.stringify(r.data));
    $('login-id').value = '';
    await then(r.data);
  });
}
