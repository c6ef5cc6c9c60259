// Connect storm: many clients (re)connect at once and resume with sync, as after a deploy or a network blip.
//   k6 run -e BASE_URL=... -e TOKENS_FILE=... -e PEAK=500 k6/scenarios/connect-storm.js
import { check } from 'k6';
import { Trend, Counter } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import exec from 'k6/execution';
import { user } from '../lib/config.js';
import { touch, directConversation } from '../lib/api.js';
import { connect, nextRef } from '../lib/chat.js';

const PEAK = Number(__ENV.PEAK || 200);
const welcomeLatency = new Trend('charter_connect_to_welcome', true);
const syncLatency = new Trend('charter_sync_latency', true);
const refused = new Counter('charter_refused');

export const options = {
  scenarios: {
    storm: {
      executor: 'ramping-arrival-rate', startRate: 10, timeUnit: '1s', preAllocatedVUs: 50, maxVUs: PEAK * 2,
      stages: [{ target: PEAK, duration: '20s' }, { target: PEAK, duration: '20s' }, { target: 0, duration: '10s' }],
    },
  },
  thresholds: {
    charter_connect_to_welcome: ['p(95)<500'],
    charter_sync_latency: ['p(95)<300'],
    charter_refused: ['count==0'],
    checks: ['rate>0.99'],
  },
};

export function setup() {
  const alice = user(0);
  const bob = user(1);
  touch(alice.token);
  touch(bob.token);
  return { conversation: directConversation(alice.token, bob.sub) };
}

export default function (data) {
  const me = user(exec.scenario.iterationInTest % 2);
  const started = Date.now();
  let syncSent = 0;
  const ws = connect(me.token, function (frame, socket) {
    if (frame.type === 'welcome') {
      welcomeLatency.add(Date.now() - started);
      syncSent = Date.now();
      socket.send(JSON.stringify({ type: 'sync', ref: nextRef('y'), conversation: data.conversation, afterSeq: 0, limit: 50 }));
    } else if (frame.type === 'history') {
      check(frame, { 'history has messages array': (f) => Array.isArray(f.messages) });
      syncLatency.add(Date.now() - syncSent);
      socket.close();
    } else if (frame.type === 'error') {
      refused.add(1);
      socket.close();
    }
  });
  ws.addEventListener('error', function () { refused.add(1); });
  setTimeout(function () { ws.close(); }, 10000);
}
