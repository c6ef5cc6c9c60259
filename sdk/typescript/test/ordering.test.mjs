// Delivery order, deduplication and the outbox, against a scripted socket (no server): the cases a real server
// produces only by chance (a gap, a duplicate between sync and live delivery, a refusal for good).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatClient, MemoryOutboxStorage, backoffDelay } from '../dist/index.js';

const C = '5b1e7c52-3f0a-4c1e-9a0b-2d6f1c9e8a10';

function scripted() {
  const sockets = [];
  const client = new ChatClient({
    baseUrl: 'http://127.0.0.1:1',
    tokenProvider: async () => 'h.e30.s',
    gapWaitMs: 50,
    heartbeatMs: 60_000,
    reconnect: { initialMs: 1, maxMs: 1 },
    webSocketFactory: () => {
      const socket = {
        readyState: 1, sent: [], onmessage: null, onclose: null, onerror: null, onopen: null,
        send(data) { this.sent.push(JSON.parse(data)); },
        close() { this.readyState = 3; },
        deliver(frame) { this.onmessage({ data: JSON.stringify(frame) }); },
      };
      sockets.push(socket);
      return socket;
    },
  });
  return { client, sockets };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const msg = (seq) => ({ type: 'message', conversation: C, seq, messageId: `m${seq}`, sender: 'bob', text: `t${seq}`, sentAt: 'x' });

test('a gap waits, then sync fills it; live duplicates of synced messages are dropped', async () => {
  const { client, sockets } = scripted();
  const seen = [];
  client.on('message', (m) => seen.push(m.seq));
  client.track(C, 0);
  const connected = client.connect();
  await tick();
  sockets[0].deliver({ type: 'welcome', user: 'alice', region: 'r', jurisdiction: 'GDPR', missingConsents: [] });
  await connected;
  const first = sockets[0].sent.find((f) => f.type === 'sync');
  assert.equal(first.afterSeq, 0);
  sockets[0].deliver({ type: 'history', ref: first.ref, conversation: C, messages: [msg(1)], hasMore: false });
  await tick();
  sockets[0].deliver(msg(3)); // seq 2 missing
  sockets[0].deliver(msg(1)); // already delivered
  assert.deepEqual(seen, [1]);
  await tick(80);
  const gapSync = sockets[0].sent.filter((f) => f.type === 'sync')[1];
  assert.equal(gapSync.afterSeq, 1, 'sync from the last delivered seq');
  sockets[0].deliver({ type: 'history', ref: gapSync.ref, conversation: C, messages: [msg(2), msg(3)], hasMore: true });
  await tick();
  const more = sockets[0].sent.filter((f) => f.type === 'sync')[2];
  assert.equal(more.afterSeq, 3, 'asks again while hasMore');
  sockets[0].deliver(msg(4)); // live while the sync is under way
  sockets[0].deliver({ type: 'history', ref: more.ref, conversation: C, messages: [msg(4), msg(5)], hasMore: false });
  await tick();
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  client.close();
});

test('unacked sends are resent with the same clientMsgId after a reconnect; a refusal for good rejects', async () => {
  const { client, sockets } = scripted();
  const storage = new MemoryOutboxStorage();
  client['storage'] = storage;
  const connected = client.connect();
  await tick();
  sockets[0].deliver({ type: 'welcome', user: 'alice', region: 'r', jurisdiction: 'GDPR', missingConsents: [] });
  await connected;
  const kept = client.send(C, { text: 'kept' });
  const refused = client.send(C, { text: 'refused' });
  await tick();
  const [a, b] = sockets[0].sent.filter((f) => f.type === 'send');
  assert.equal((await storage.load()).length, 2, 'both in the outbox storage');
  sockets[0].deliver({ type: 'error', ref: b.ref, code: 'not_member', message: 'no' });
  await assert.rejects(refused, (e) => e.code === 'not_member' && e.retryable === false);

  sockets[0].onclose({ code: 1006, reason: '' });
  await tick(20);
  sockets[1].deliver({ type: 'welcome', user: 'alice', region: 'r', jurisdiction: 'GDPR', missingConsents: [] });
  await tick();
  const resent = sockets[1].sent.filter((f) => f.type === 'send');
  assert.deepEqual(resent.map((f) => f.clientMsgId), [a.clientMsgId], 'only the unacked one, same clientMsgId');
  sockets[1].deliver({ type: 'ack', ref: a.ref, conversation: C, clientMsgId: a.clientMsgId, messageId: 'm1', seq: 1, sentAt: 'x' });
  sockets[1].deliver({ type: 'ack', ref: a.ref, conversation: C, clientMsgId: a.clientMsgId, messageId: 'm1', seq: 1, sentAt: 'x' });
  assert.equal((await kept).seq, 1);
  assert.equal((await storage.load()).length, 0, 'acked sends leave the storage');
  client.close();
});

test('backoff delays are jittered below an exponentially growing ceiling', () => {
  assert.equal(backoffDelay(0, { initialMs: 100 }, () => 0.999), 99);
  assert.equal(backoffDelay(3, { initialMs: 100 }, () => 0.5), 400);
  assert.equal(backoffDelay(20, { initialMs: 100, maxMs: 5000 }, () => 0.999), 4995);
  assert.equal(backoffDelay(5, {}, () => 0), 0);
});

test('connect twice opens one socket', async () => {
  const { client, sockets } = scripted();
  const first = client.connect();
  const second = client.connect();
  await tick();
  sockets[0].deliver({ type: 'welcome', user: 'alice', region: 'r', jurisdiction: 'GDPR', missingConsents: [] });
  assert.equal((await first).user, 'alice');
  assert.equal((await second).user, 'alice');
  assert.equal((await client.connect()).user, 'alice');
  assert.equal(sockets.length, 1);
  client.close();
});
