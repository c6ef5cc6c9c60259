// Smoke: a few pairs chat for half a minute; thresholds are the SLOs a deployment must meet.
//   k6 run -e BASE_URL=https://chat.example.com -e TOKENS_FILE=tokens.json k6/scenarios/smoke.js
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { setInterval, setTimeout, clearInterval } from 'k6/timers';
import { user } from '../lib/config.js';
import { touch, directConversation } from '../lib/api.js';
import { connect, nextRef, sendFrame, latencyOf } from '../lib/chat.js';

const sendToAck = new Trend('charter_send_to_ack', true);
const sendToDeliver = new Trend('charter_send_to_deliver', true);
const errors = new Counter('charter_error_frames');

export const options = {
  scenarios: {
    pairs: { executor: 'per-vu-iterations', vus: 5, iterations: 1, maxDuration: '2m' },
  },
  thresholds: {
    checks: ['rate>0.99'],
    charter_send_to_ack: ['p(99)<200'],
    charter_send_to_deliver: ['p(99)<250'],
    charter_error_frames: ['count==0'],
  },
};

export default function () {
  const alice = user(2 * (__VU - 1));
  const bob = user(2 * (__VU - 1) + 1);
  touch(alice.token);
  touch(bob.token);
  const conversation = directConversation(alice.token, bob.sub);
  if (!conversation) {
    return;
  }
  const sentAt = {};
  const receiver = connect(bob.token, function (frame) {
    if (frame.type === 'message') {
      sendToDeliver.add(latencyOf(frame));
    }
  });
  const sender = connect(alice.token, function (frame, ws) {
    if (frame.type === 'welcome') {
      const timer = setInterval(function () {
        const ref = nextRef('s');
        sentAt[ref] = Date.now();
        ws.send(sendFrame(conversation, ref));
      }, 100);
      setTimeout(function () {
        clearInterval(timer);
        setTimeout(function () { ws.close(); receiver.close(); }, 1000);
      }, 20000);
    } else if (frame.type === 'ack') {
      check(frame, { 'ack has a seq': (f) => f.seq > 0 });
      sendToAck.add(Date.now() - sentAt[frame.ref]);
    } else if (frame.type === 'error') {
      errors.add(1);
    }
  });
}
