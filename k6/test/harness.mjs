// Runs scenarios/smoke.js under Node with stand-ins for the k6 modules, against an in-memory fake of the
// contract's REST calls and WebSocket frames (docs/contract.md). k6 itself cannot be installed everywhere the
// checks run; this proves the scenario's own logic: both sockets welcomed before the first send, one latency
// sample per message, nothing lost or duplicated, every test user erased, the JSON summary written.
//   node k6/test/harness.mjs            (scripts/check-k6.sh runs it)
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const k6Dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'charter-k6-'));
const failures = [];
const expect = (cond, what) => { if (!cond) failures.push(what); };

// --- the fake server -----------------------------------------------------------------------------------------
const fake = {
  users: new Map(), // sub -> {erased}
  conversations: [], // {id, members}
  sockets: [], // {sub, ws}
  seq: new Map(), // conversation -> seq
  requests: new Map(), // id -> {sub, status}
  welcomedSubs: new Set(),
  sentBeforeWelcome: 0,
  sends: 0,
  erasureRequests: 0,
};
function subOf(params) {
  const auth = (params && params.headers && params.headers.Authorization) || '';
  const token = auth.replace(/^Bearer /, '');
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
}
function response(status, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, body: text, json: (path) => (path ? body[path] : body) };
}
function handle(method, url, body, params) {
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  if (method === 'GET' && path === '/v1/region') {
    return response(200, { region: 'eu-central-1', jurisdictions: ['GDPR'], countries: ['DE', 'FR'] });
  }
  const sub = subOf(params);
  const u = fake.users.get(sub) || { erased: false };
  if (u.erased) return response(403, { status: 403, code: 'erased' });
  fake.users.set(sub, u);
  if (method === 'GET' && path === '/v1/conversations') return response(200, []);
  if (method === 'POST' && path === '/v1/conversations') {
    const other = JSON.parse(body).members[0];
    if (!fake.users.has(other)) return response(404, { code: 'unknown_user' });
    const c = { id: 'c-' + fake.conversations.length, members: [sub, other] };
    fake.conversations.push(c);
    return response(201, { id: c.id, kind: 'direct', members: c.members, lastSeq: 0 });
  }
  if (method === 'POST' && path === '/v1/me/requests') {
    const b = JSON.parse(body);
    if (b.type !== 'erasure' || typeof b.details !== 'object') return response(400, { code: 'invalid_request' });
    fake.erasureRequests++;
    const id = 'r-' + fake.requests.size;
    fake.requests.set(id, { sub, status: 'in_progress' });
    return response(202, { id, type: 'erasure', status: 'in_progress' });
  }
  const m = /^\/v1\/me\/requests\/(.+)$/.exec(path);
  if (method === 'GET' && m) {
    const r = fake.requests.get(m[1]);
    // Completes on the first poll; from then on the user is erased (the next poll would get 403 erased).
    r.status = 'completed';
    fake.users.get(r.sub).erased = true;
    return response(200, { id: m[1], type: 'erasure', status: 'completed' });
  }
  return response(404, { code: 'not_found' });
}

// --- the k6 stand-ins ---------------------------------------------------------------------------------------
const shims = {
  'k6': `
    export const checks = { pass: 0, fail: 0, failed: [] };
    export function check(value, sets) {
      for (const [name, fn] of Object.entries(sets)) {
        if (fn(value)) checks.pass++; else { checks.fail++; checks.failed.push(name); }
      }
      return true;
    }
    export function sleep() {}`,
  'k6/execution': `export default { vu: { get idInTest() { return globalThis.__VU; } } };`,
  'k6/metrics': `
    export const samples = {};
    class Metric { constructor(name) { this.name = name; samples[name] = samples[name] || []; } add(v) { samples[this.name].push(v); } }
    export class Trend extends Metric {} export class Counter extends Metric {} export class Rate extends Metric {}`,
  'k6/timers': `export const setInterval = globalThis.setInterval, clearInterval = globalThis.clearInterval,
    setTimeout = globalThis.setTimeout, clearTimeout = globalThis.clearTimeout;`,
  'k6/data': `export class SharedArray { constructor(name, fn) { return fn(); } }`,
  'k6/http': `
    const h = globalThis.__fakeHttp;
    export default {
      get: (url, params) => h('GET', url, null, params),
      post: (url, body, params) => h('POST', url, body, params),
    };`,
  'k6/websockets': `
    export class WebSocket {
      constructor(url, protocols, params) { this.listeners = {}; globalThis.__fakeWs.open(this, params); }
      addEventListener(event, fn) { (this.listeners[event] = this.listeners[event] || []).push(fn); }
      emit(event, e) { (this.listeners[event] || []).forEach((fn) => fn(e)); }
      send(text) { globalThis.__fakeWs.frame(this, JSON.parse(text)); }
      close() { if (!this.closed) { this.closed = true; setTimeout(() => this.emit('close', {}), 0); } }
    }`,
};
globalThis.__fakeHttp = handle;
globalThis.__fakeWs = {
  open(ws, params) {
    const sub = subOf(params);
    ws.sub = sub;
    fake.sockets.push({ sub, ws });
    // Later sockets are welcomed later, so a scenario that sends before both sockets are ready is caught.
    setTimeout(() => {
      fake.welcomedSubs.add(sub);
      ws.emit('message', { data: JSON.stringify({ type: 'welcome', user: sub, region: 'eu-central-1' }) });
    }, 5 + 60 * (fake.sockets.length - 1));
  },
  frame(ws, f) {
    if (f.type !== 'send') return;
    fake.sends++;
    const c = fake.conversations.find((x) => x.id === f.conversation);
    if (!c.members.every((m) => fake.welcomedSubs.has(m))) fake.sentBeforeWelcome++;
    const seq = (fake.seq.get(c.id) || 0) + 1;
    fake.seq.set(c.id, seq);
    const messageId = 'm-' + fake.sends;
    setTimeout(() => ws.emit('message', { data: JSON.stringify({ type: 'ack', ref: f.ref, conversation: c.id, clientMsgId: f.clientMsgId, messageId, seq, sentAt: new Date().toISOString() }) }), 1);
    for (const s of fake.sockets) {
      if (s.ws !== ws && c.members.includes(s.sub) && !s.ws.closed) {
        setTimeout(() => s.ws.emit('message', { data: JSON.stringify({ type: 'message', conversation: c.id, seq, messageId, sender: ws.sub, text: f.text, sentAt: new Date().toISOString() }) }), 2);
      }
    }
  },
};

// --- copy the scripts, point the k6 imports at the stand-ins, run ------------------------------------------
cpSync(join(k6Dir, 'lib'), join(work, 'lib'), { recursive: true });
cpSync(join(k6Dir, 'scenarios'), join(work, 'scenarios'), { recursive: true });
writeFileSync(join(work, 'package.json'), '{"type":"module"}');
for (const [name, code] of Object.entries(shims)) writeFileSync(join(work, name.replace('/', '_') + '.shim.js'), code);
for (const dir of ['lib', 'scenarios']) {
  for (const f of readdirSync(join(work, dir)).filter((x) => x.endsWith('.js'))) {
    const p = join(work, dir, f);
    writeFileSync(p, readFileSync(p, 'utf8').replace(/from '(k6(?:\/[a-z]+)?)'/g, (_, m) => `from '../${m.replace('/', '_')}.shim.js'`));
  }
}
const tokens = [];
for (let i = 1; i <= 4; i++) {
  const sub = 'k6-test-' + i;
  tokens.push({ sub, token: 'h.' + Buffer.from(JSON.stringify({ sub, country: 'DE' })).toString('base64url') + '.s' });
}
writeFileSync(join(work, 'tokens.json'), JSON.stringify(tokens));
const summaryFile = join(work, 'summary.json');
globalThis.__ENV = { BASE_URL: 'https://region.test', TOKENS_FILE: join(work, 'tokens.json'), PAIRS: '2', MESSAGES: '20',
  INTERVAL_MS: '5', GRACE_MS: '500', EXPECTED_REGION: 'eu-central-1', SUMMARY_FILE: summaryFile };
globalThis.open = (p) => readFileSync(p, 'utf8');

try {
  const smoke = await import(pathToFileURL(join(work, 'scenarios', 'smoke.js')).href);
  const { samples } = await import(pathToFileURL(join(work, 'k6_metrics.shim.js')).href);
  const { checks } = await import(pathToFileURL(join(work, 'k6.shim.js')).href);
  const data = smoke.setup();
  const vus = [1, 2].map((vu) => new Promise((resolve) => {
    globalThis.__VU = vu;
    smoke.default(data);
    const poll = setInterval(() => {
      const mine = fake.sockets.filter((s) => s.sub === 'k6-test-' + (2 * vu - 1) || s.sub === 'k6-test-' + 2 * vu);
      if (mine.length === 2 && mine.every((s) => s.ws.closed)) { clearInterval(poll); resolve(); }
    }, 10);
  }));
  await Promise.all(vus);
  smoke.teardown(data);
  const sum = (name) => (samples[name] || []).reduce((a, b) => a + b, 0);
  expect(fake.sentBeforeWelcome === 0, 'nothing is sent before both sockets of a pair are welcomed (' + fake.sentBeforeWelcome + ' were)');
  expect(sum('charter_messages_sent') === 40, 'every pair sends MESSAGES messages (sent ' + sum('charter_messages_sent') + ')');
  expect((samples.charter_send_to_deliver || []).length === 40, 'one send->deliver sample per message');
  expect((samples.charter_send_to_ack || []).length === 40, 'one send->ack sample per message');
  expect(sum('charter_messages_lost') === 0 && sum('charter_messages_duplicated') === 0 && sum('charter_messages_out_of_order') === 0,
    'nothing lost, duplicated or out of order');
  expect(sum('charter_error_frames') === 0 && sum('charter_socket_failures') === 0, 'no error frame, no socket failure');
  expect(checks.fail === 0, 'all checks pass (failed: ' + checks.failed.join(', ') + ')');
  expect(fake.erasureRequests === 4 && [...fake.users.values()].every((u) => u.erased), 'every test user is erased');
  expect((samples.charter_users_erased || []).length === 4 && sum('charter_users_erased') === 4, 'erasure recorded per user');

  const metrics = {
    charter_messages_sent: { type: 'counter', values: { count: sum('charter_messages_sent') } },
    charter_send_to_deliver: { type: 'trend', values: { 'p(99)': 3 }, thresholds: { 'p(99)<250': { ok: true } } },
    charter_users_erased: { type: 'rate', values: { rate: 1 }, thresholds: { 'rate==1': { ok: true } } },
  };
  const out = smoke.handleSummary({ metrics, setup_data: data });
  expect(typeof out.stdout === 'string' && out.stdout.includes('PASSED'), 'text summary on stdout');
  const written = JSON.parse(out[summaryFile]);
  expect(written.region === 'eu-central-1' && written.passed === true && written.messages.sent === 40, 'JSON summary names the region, the result and the counts');
} catch (e) {
  failures.push('the scenario threw: ' + (e && e.stack ? e.stack : e));
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const f of failures) console.error('[k6] harness: FAIL ' + f);
if (failures.length) process.exit(1);
console.log('[k6] harness: smoke.js against a fake region: sockets first, 40 messages delivered once, users erased, summary written');
