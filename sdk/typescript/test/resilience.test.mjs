// The server is killed (SIGKILL) and restarted in the middle of 1,000 sends from two clients.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Server, api, newUser, token } from './server.mjs';
import { clientFor, until } from './helpers.mjs';

const server = new Server();
before(() => server.start());
after(() => server.stop());

test('a server crash mid-way through 1,000 sends: each acked once, received once by the other, in seq order', { timeout: 300_000 }, async () => {
  const aliceId = newUser('alice');
  const bobId = newUser('bob');
  await api(token(bobId), 'GET', '/v1/conversations');
  const conversation = (await api(token(aliceId), 'POST', '/v1/conversations', { kind: 'direct', members: [bobId] })).id;

  const PER_CLIENT = 500;
  const clients = [clientFor(aliceId), clientFor(bobId)];
  const seen = clients.map(() => ({ acks: new Map(), messages: [], disconnects: 0 }));
  clients.forEach((client, i) => {
    client.on('ack', (ack) => seen[i].acks.set(ack.clientMsgId, (seen[i].acks.get(ack.clientMsgId) ?? 0) + 1));
    client.on('message', (m) => m.conversation === conversation && seen[i].messages.push(m));
    client.on('disconnected', () => seen[i].disconnects++);
  });
  await Promise.all(clients.map((c) => c.connect()));
  clients.forEach((c) => c.track(conversation));

  const sends = clients.map((client, i) =>
    Array.from({ length: PER_CLIENT }, (_, n) => client.send(conversation, { text: `${i === 0 ? 'a' : 'b'}-${n}` })));
  await until(() => seen[0].acks.size + seen[1].acks.size >= 300, '300 acks before the crash');
  await server.kill();
  await server.start();
  const acks = await Promise.all(sends.flat());

  assert.ok(seen[0].disconnects >= 1 && seen[1].disconnects >= 1, 'both clients lost the connection');
  for (const [i, s] of seen.entries()) {
    assert.equal(s.acks.size, PER_CLIENT, `client ${i}: every send acked`);
    assert.ok([...s.acks.values()].every((n) => n === 1), `client ${i}: no send acked twice`);
  }
  assert.equal(new Set(acks.map((a) => a.seq)).size, 2 * PER_CLIENT, 'one seq per message');

  await until(() => seen.every((s) => s.messages.length >= 2 * PER_CLIENT), 'all messages delivered');
  await new Promise((r) => setTimeout(r, 1_000)); // anything doubled would show up now
  for (const [i, s] of seen.entries()) {
    const seqs = s.messages.map((m) => m.seq);
    assert.deepEqual(seqs, Array.from({ length: 2 * PER_CLIENT }, (_, n) => n + 1), `client ${i}: each seq once, in order`);
    const fromOther = s.messages.filter((m) => m.text.startsWith(i === 0 ? 'b-' : 'a-')).map((m) => m.text);
    assert.equal(new Set(fromOther).size, PER_CLIENT, `client ${i}: each of the other's messages once`);
  }
  const stored = [];
  for (let page = { hasMore: true }; page.hasMore;) {
    page = await api(token(aliceId), 'GET', `/v1/conversations/${conversation}/messages?afterSeq=${stored.length}&limit=500`);
    stored.push(...page.messages);
  }
  assert.equal(stored.length, 2 * PER_CLIENT, 'the server stored no message twice');
  clients.forEach((c) => c.close());
});
