// Send->deliver latency at a fixed, open-loop rate (no coordinated omission): each iteration is one send.
// Receivers stay connected for the whole run and record latency from the send time in the text.
//   k6 run -e BASE_URL=... -e TOKENS_FILE=... -e RATE=200 -e PAIRS=50 k6/scenarios/send-deliver.js
import { check } from 'k6';
import exec from 'k6/execution';
import { Trend, Counter } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import { user } from '../lib/config.js';
import { touch, directConversation } from '../lib/api.js';
import { connect, nextRef, sendFrame, latencyOf } from '../lib/chat.js';

const RATE = Number(__ENV.RATE || 100);
const PAIRS = Number(__ENV.PAIRS || 20);
const DURATION = __ENV.DURATION || '1m';

const sendToDeliver = new Trend('charter_send_to_deliver', true);
const sendToAck = new Trend('charter_send_to_ack', true);
const errors = new Counter('charter_error_frames');

export const options = {
  scenarios: {
    receivers: { executor: 'per-vu-iterations', vus: PAIRS, iterations: 1, exec: 'receive', maxDuration: '10m' },
    senders: {
      executor: 'constant-arrival-rate', rate: RATE, timeUnit: '1s', duration: DURATION,
      preAllocatedVUs: Math.max(PAIRS, 10), maxVUs: PAIRS * 4, exec: 'send', startTime: '10s',
    },
  },
  thresholds: {
    charter_send_to_deliver: ['p(99)<100'],
    charter_send_to_ack: ['p(99)<100'],
    charter_error_frames: ['count==0'],
  },
};

/** Creates the pairs' conversations once. */
export function setup() {
  const conversations = [];
  for (let i = 0; i < PAIRS; i++) {
    const alice = user(2 * i);
    const bob = user(2 * i + 1);
    touch(alice.token);
    touch(bob.token);
    conversations.push(directConversation(alice.token, bob.sub));
  }
  return { conversations: conversations };
}

export function receive() {
  const bob = user(2 * (exec.vu.idInTest - 1) + 1);
  const ws = connect(bob.token, function (frame) {
    if (frame.type === 'message') {
      sendToDeliver.add(latencyOf(frame));
    }
  });
  setTimeout(function () { ws.close(); }, 15000 + parseDuration(DURATION));
}

export function send(data) {
  const pair = exec.scenario.iterationInTest % PAIRS;
  const alice = user(2 * pair);
  const sentAt = Date.now();
  const ws = connect(alice.token, function (frame, socket) {
    if (frame.type === 'welcome') {
      socket.send(sendFrame(data.conversations[pair], nextRef('s')));
    } else if (frame.type === 'ack') {
      check(frame, { acked: (f) => f.seq > 0 });
      sendToAck.add(Date.now() - sentAt);
      socket.close();
    } else if (frame.type === 'error') {
      errors.add(1);
      socket.close();
    }
  });
  setTimeout(function () { ws.close(); }, 5000);
}

function parseDuration(text) {
  const match = /^(\d+)(ms|s|m)$/.exec(text);
  if (!match) {
    return 60000;
  }
  const unit = { ms: 1, s: 1000, m: 60000 }[match[2]];
  return Number(match[1]) * unit;
}
