// Smoke: persistent sockets, send->deliver latency of every message. deploy.yml runs it against each
// region after a deploy (tokens from the operator's identity provider), k6.yml against a local server.
//   k6 run -e BASE_URL=https://chat-eu.example.com -e TOKENS_FILE=tokens.json \
//          [-e EXPECTED_REGION=eu-central-1] [-e PAIRS=5] [-e MESSAGES=100] [-e INTERVAL_MS=100] \
//          [-e SUMMARY_FILE=k6-summary.json] [-e RESOLVE_TO=<load balancer ip>] k6/scenarios/smoke.js
//
// Each VU is one pair of test users (TOKENS_FILE holds 2 x PAIRS users):
//  1. both call REST once (users exist from their first call) and Alice opens their direct conversation;
//  2. both sockets are opened, and nothing is sent before both have had their `welcome`;
//  3. Alice sends MESSAGES messages, one every INTERVAL_MS, each with its own clientMsgId, which the text carries;
//  4. per message: send->ack on Alice's socket (matched by ref, the ack must name the clientMsgId) and
//     send->deliver on Bob's socket (matched by the text); delivered exactly once and in seq order;
//  5. what is not delivered GRACE_MS after the last send is lost.
// teardown erases every test user (contract: POST /v1/me/requests {"type":"erasure"}, polled until completed or
// 403 erased); handleSummary writes the JSON summary. Thresholds are the SLOs: k6 exits non-zero on a miss.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'k6/timers';
import { user, userCount, hostsOverride } from '../lib/config.js';
import { touch, directConversation, region, requestErasure, erasureCompleted } from '../lib/api.js';
import { connect, uuid } from '../lib/chat.js';

const PAIRS = Number(__ENV.PAIRS || 5);
const MESSAGES = Number(__ENV.MESSAGES || 100);
const INTERVAL_MS = Number(__ENV.INTERVAL_MS || 100);
const GRACE_MS = Number(__ENV.GRACE_MS || 5000);
const READY_TIMEOUT_MS = Number(__ENV.READY_TIMEOUT_MS || 10000);
const ERASURE_TIMEOUT_MS = Number(__ENV.ERASURE_TIMEOUT_MS || 120000);
const SUMMARY_FILE = __ENV.SUMMARY_FILE || 'k6-summary.json';
const TEXT_PREFIX = 'k6 smoke ';

const socketsReady = new Trend('charter_sockets_ready', true);
const sendToAck = new Trend('charter_send_to_ack', true);
const sendToDeliver = new Trend('charter_send_to_deliver', true);
const sent = new Counter('charter_messages_sent');
const delivered = new Counter('charter_messages_delivered');
const lost = new Counter('charter_messages_lost');
const duplicated = new Counter('charter_messages_duplicated');
const outOfOrder = new Counter('charter_messages_out_of_order');
const errorFrames = new Counter('charter_error_frames');
const socketFailures = new Counter('charter_socket_failures');
const erased = new Rate('charter_users_erased');

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    pairs: { executor: 'per-vu-iterations', vus: PAIRS, iterations: 1, maxDuration: '5m' },
  },
  hosts: hostsOverride(),
  setupTimeout: '1m',
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
  teardownTimeout: '5m',
  thresholds: {
    checks: ['rate>0.99'],
    charter_sockets_ready: ['p(95)<2000'],
    charter_send_to_ack: ['p(99)<200'],
    charter_send_to_deliver: ['p(99)<250'],
    charter_messages_sent: ['count>0'],
    charter_messages_lost: ['count==0'],
    charter_messages_duplicated: ['count==0'],
    charter_messages_out_of_order: ['count==0'],
    charter_error_frames: ['count==0'],
    charter_socket_failures: ['count==0'],
    charter_users_erased: ['rate==1'],
  },
};

/** The region answers and is the expected one; there are enough test users. */
export function setup() {
  for (const c of [lost, duplicated, outOfOrder, errorFrames, socketFailures]) {
    c.add(0); // a threshold on a counter that never moved still reports
  }
  const res = region();
  check(res, { 'GET /v1/region answers 200': (r) => r.status === 200 });
  const name = res.status === 200 ? String(res.json('region')) : null;
  if (__ENV.EXPECTED_REGION) {
    check(name, { 'the region is the one deployed': (n) => n === __ENV.EXPECTED_REGION });
  }
  if (userCount() < 2 * PAIRS) {
    throw new Error('TOKENS_FILE holds ' + userCount() + ' users; PAIRS=' + PAIRS + ' needs ' + 2 * PAIRS);
  }
  return { region: name, started: new Date().toISOString() };
}

export default function () {
  const pair = exec.vu.idInTest - 1;
  const alice = user(2 * pair);
  const bob = user(2 * pair + 1);
  touch(alice.token);
  touch(bob.token);
  const conversation = directConversation(alice.token, bob.sub);
  if (!conversation) {
    socketFailures.add(1);
    return;
  }

  /** @type {Record<string, {at: number, acked: boolean, deliveredAt: number}>} by clientMsgId */
  const messages = {};
  /** @type {Record<string, string>} ref -> clientMsgId */
  const refs = {};
  const openedAt = Date.now();
  let welcomes = 0;
  let count = 0;
  let lastSeq = 0;
  let lastSendAt = 0;
  let finished = false;
  let sender = null;
  let watcher = null;
  let readyTimeout = null;

  function finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (sender !== null) {
      clearInterval(sender);
    }
    if (watcher !== null) {
      clearInterval(watcher);
    }
    if (readyTimeout !== null) {
      clearTimeout(readyTimeout);
    }
    for (const id of Object.keys(messages)) {
      if (!messages[id].deliveredAt) {
        lost.add(1);
      }
    }
    aliceSocket.close();
    bobSocket.close();
  }

  function startSending() {
    socketsReady.add(Date.now() - openedAt);
    sender = setInterval(function () {
      if (count >= MESSAGES) {
        clearInterval(sender);
        sender = null;
        return;
      }
      count += 1;
      const id = uuid();
      const ref = 'm' + count;
      refs[ref] = id;
      lastSendAt = Date.now();
      messages[id] = { at: lastSendAt, acked: false, deliveredAt: 0 };
      aliceSocket.send(JSON.stringify({
        type: 'send', ref: ref, conversation: conversation, clientMsgId: id, text: TEXT_PREFIX + id,
      }));
      sent.add(1);
    }, INTERVAL_MS);
    watcher = setInterval(function () {
      const all = Object.keys(messages);
      const done = count >= MESSAGES && all.every((id) => messages[id].acked && messages[id].deliveredAt);
      if (done || (count >= MESSAGES && Date.now() - lastSendAt > GRACE_MS)) {
        finish();
      }
    }, 100);
  }

  function welcomed() {
    welcomes += 1;
    if (welcomes === 2) {
      startSending();
    }
  }

  function onError(frame) {
    errorFrames.add(1, { code: String(frame.code) });
  }

  const bobSocket = connect(bob.token, function (frame) {
    if (frame.type === 'welcome') {
      welcomed();
    } else if (frame.type === 'message' && frame.conversation === conversation) {
      const text = String(frame.text || '');
      const m = text.indexOf(TEXT_PREFIX) === 0 ? messages[text.substring(TEXT_PREFIX.length)] : undefined;
      if (!m) {
        return; // not one of this run's messages
      }
      if (m.deliveredAt) {
        duplicated.add(1);
        return;
      }
      m.deliveredAt = Date.now();
      sendToDeliver.add(m.deliveredAt - m.at);
      delivered.add(1);
      if (frame.seq <= lastSeq) {
        outOfOrder.add(1);
      }
      lastSeq = frame.seq;
      check(frame, { 'message names its sender': (f) => f.sender === alice.sub });
    } else if (frame.type === 'error') {
      onError(frame);
    }
  });

  const aliceSocket = connect(alice.token, function (frame) {
    if (frame.type === 'welcome') {
      welcomed();
    } else if (frame.type === 'ack' && refs[frame.ref]) {
      const id = refs[frame.ref];
      const m = messages[id];
      if (m.acked) {
        duplicated.add(1);
        return;
      }
      m.acked = true;
      sendToAck.add(Date.now() - m.at);
      check(frame, { 'ack names the message and a seq': (f) => f.clientMsgId === id && f.seq > 0 && !!f.messageId });
    } else if (frame.type === 'error') {
      onError(frame);
    }
  });

  for (const socket of [aliceSocket, bobSocket]) {
    socket.addEventListener('error', function () {
      socketFailures.add(1);
    });
    socket.addEventListener('close', function () {
      if (!finished) {
        socketFailures.add(1);
        finish();
      }
    });
  }

  readyTimeout = setTimeout(function () {
    readyTimeout = null;
    if (welcomes < 2 && !finished) {
      socketFailures.add(1);
      finish();
    }
  }, READY_TIMEOUT_MS);
}

/** Erases every test user, as a client would: erasure request, then poll until completed. */
export function teardown() {
  const pending = [];
  for (let i = 0; i < Math.min(userCount(), 2 * PAIRS); i++) {
    const u = user(i);
    const started = requestErasure(u.token);
    if (started.done) {
      erased.add(1);
    } else if (!started.id) {
      erased.add(0);
      console.error('erasure of ' + u.sub + ' refused: HTTP ' + started.status);
    } else {
      pending.push({ token: u.token, sub: u.sub, id: started.id });
    }
  }
  const deadline = Date.now() + ERASURE_TIMEOUT_MS;
  while (pending.length > 0 && Date.now() < deadline) {
    for (let i = pending.length - 1; i >= 0; i--) {
      if (erasureCompleted(pending[i].token, pending[i].id)) {
        erased.add(1);
        pending.splice(i, 1);
      }
    }
    if (pending.length > 0) {
      sleep(2);
    }
  }
  for (const p of pending) {
    erased.add(0);
    console.error('erasure of ' + p.sub + ' not completed within ' + ERASURE_TIMEOUT_MS + ' ms (request ' + p.id + ')');
  }
}

/** JSON summary (SUMMARY_FILE) and a short text summary on stdout. */
export function handleSummary(data) {
  const m = data.metrics;
  const value = (name, key) => (m[name] && m[name].values ? m[name].values[key] : undefined);
  const failed = Object.keys(m).filter((name) => m[name].thresholds
    && Object.keys(m[name].thresholds).some((t) => !m[name].thresholds[t].ok));
  const summary = {
    scenario: 'smoke',
    baseUrl: __ENV.BASE_URL || null,
    expectedRegion: __ENV.EXPECTED_REGION || null,
    region: data.setup_data ? data.setup_data.region : null,
    started: data.setup_data ? data.setup_data.started : null,
    pairs: PAIRS,
    messagesPerPair: MESSAGES,
    messages: {
      sent: value('charter_messages_sent', 'count') || 0,
      delivered: value('charter_messages_delivered', 'count') || 0,
      lost: value('charter_messages_lost', 'count') || 0,
      duplicated: value('charter_messages_duplicated', 'count') || 0,
      outOfOrder: value('charter_messages_out_of_order', 'count') || 0,
    },
    latencyMs: {
      socketsReady: pick(m.charter_sockets_ready),
      sendToAck: pick(m.charter_send_to_ack),
      sendToDeliver: pick(m.charter_send_to_deliver),
    },
    errorFrames: value('charter_error_frames', 'count') || 0,
    socketFailures: value('charter_socket_failures', 'count') || 0,
    usersErasedRate: value('charter_users_erased', 'rate'),
    checksRate: value('checks', 'rate'),
    thresholdsFailed: failed,
    passed: failed.length === 0,
    metrics: m,
  };
  const text = [
    'charter smoke ' + (summary.region || '?') + ': ' + (summary.passed ? 'PASSED' : 'FAILED ' + failed.join(', ')),
    '  messages sent ' + summary.messages.sent + ', delivered ' + summary.messages.delivered + ', lost '
      + summary.messages.lost + ', duplicated ' + summary.messages.duplicated,
    '  send->ack p99 ' + fmt(summary.latencyMs.sendToAck, 'p(99)') + ' ms, send->deliver p99 '
      + fmt(summary.latencyMs.sendToDeliver, 'p(99)') + ' ms',
    '  test users erased: ' + (summary.usersErasedRate === undefined ? '?' : summary.usersErasedRate * 100 + '%'),
    '  summary: ' + SUMMARY_FILE,
    '',
  ].join('\n');
  /** @type {Record<string, string>} */
  const out = { stdout: text };
  out[SUMMARY_FILE] = JSON.stringify(summary, null, 2);
  return out;
}

function pick(metric) {
  if (!metric || !metric.values) {
    return null;
  }
  const v = metric.values;
  return { avg: v.avg, med: v.med, 'p(90)': v['p(90)'], 'p(95)': v['p(95)'], 'p(99)': v['p(99)'], max: v.max };
}

function fmt(stats, key) {
  return stats && typeof stats[key] === 'number' ? stats[key].toFixed(1) : '?';
}
