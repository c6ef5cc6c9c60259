// A token expiring mid-session, rate limiting, and an end-to-end encrypted conversation's ciphertext.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { ChatClient, tokenSubprotocol } from '../dist/index.js';
import { Server, api, baseUrl, newUser, token, wsUrl } from './server.mjs';
import { clientFor, until } from './helpers.mjs';

const server = new Server();
before(() => server.start());
after(() => server.stop());

async function direct(aliceId, bobId, extra = {}) {
  await api(token(bobId), 'GET', '/v1/conversations');
  return (await api(token(aliceId), 'POST', '/v1/conversations', { kind: 'direct', members: [bobId], ...extra })).id;
}

test('tokens that expire mid-session: refreshed before expiry, and after the server says unauthorized', { timeout: 120_000 }, async () => {
  const aliceId = newUser('alice');
  const bobId = newUser('bob');
  const conversation = await direct(aliceId, bobId);
  // Alice refreshes ahead of expiry; Bob does not, so the server closes his socket with `unauthorized`.
  const alice = clientFor(aliceId, { ttlSeconds: 4 });
  const bob = clientFor(bobId, { ttlSeconds: 4, refreshBeforeExpiry: false });
  const unauthorized = [];
  const closes = [];
  bob.on('disconnected', (info) => closes.push(info.code));
  bob.on('error', (e) => unauthorized.push(e.code));
  const received = [];
  bob.on('message', (m) => received.push(m.text));
  await alice.connect();
  await bob.connect();
  bob.track(conversation);

  const texts = [];
  for (let i = 0; i < 20; i++) {
    texts.push(`t-${i}`);
    await alice.send(conversation, { text: `t-${i}` });
    await new Promise((r) => setTimeout(r, 500)); // 10 s: two and a half token lifetimes
  }
  await until(() => received.length === texts.length, 'every message at Bob');
  assert.deepEqual(received, texts);
  assert.ok(alice.tokenCalls.forced >= 2, `Alice refreshed ahead of expiry (${JSON.stringify(alice.tokenCalls)})`);
  assert.ok(closes.includes(1008), `the server closed Bob's socket when his token expired (${closes})`);
  assert.ok(bob.tokenCalls.forced >= 1, 'Bob got a fresh token after unauthorized');
  alice.close();
  bob.close();
});

test('rate limited sends are held back and resent until every one is acked', { timeout: 120_000 }, async () => {
  const aliceId = newUser('alice');
  const bobId = newUser('bob');
  const conversation = await direct(aliceId, bobId);
  const alice = clientFor(aliceId, { sendWindow: 400 });
  const refusals = [];
  await alice.connect();
  // Count the server's rate_limited refusals as they arrive.
  const raw = alice['socket'];
  raw.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === 'error') refusals.push(frame.code);
  });
  const acks = await Promise.all(Array.from({ length: 600 }, (_, i) => alice.send(conversation, { text: `r-${i}` })));
  assert.ok(refusals.includes('rate_limited'), 'the server refused some sends with rate_limited');
  assert.equal(new Set(acks.map((a) => a.clientMsgId)).size, 600);
  assert.equal(alice.pendingSends().length, 0);
  const page = await api(token(aliceId), 'GET', `/v1/conversations/${conversation}/messages?afterSeq=0&limit=500`);
  assert.equal(page.messages.length + (await api(token(aliceId), 'GET', `/v1/conversations/${conversation}/messages?afterSeq=500&limit=500`)).messages.length, 600);
  alice.close();
});

test('an end-to-end encrypted conversation: ciphertext passes through untouched, both ways', { timeout: 60_000 }, async () => {
  const aliceId = newUser('alice');
  const bobId = newUser('bob');
  const conversation = await direct(aliceId, bobId, { e2ee: true });
  const alice = clientFor(aliceId);
  const bob = clientFor(bobId);
  const atBob = [];
  bob.on('message', (m) => atBob.push(m));
  await alice.connect();
  await bob.connect();
  bob.track(conversation);
  const ciphertexts = Array.from({ length: 5 }, () => randomBytes(200).toString('base64'));
  for (const ciphertext of ciphertexts) await alice.send(conversation, { ciphertext });
  await until(() => atBob.length === ciphertexts.length, 'the ciphertexts at Bob');
  assert.deepEqual(atBob.map((m) => m.ciphertext), ciphertexts);
  assert.ok(atBob.every((m) => m.text === undefined), 'no text in an E2EE conversation');

  // A reconnecting client gets them from sync just as they were sent.
  const late = clientFor(bobId);
  const synced = [];
  late.on('message', (m) => synced.push(m.ciphertext));
  await late.connect();
  late.track(conversation);
  await until(() => synced.length === ciphertexts.length, 'the synced ciphertexts');
  assert.deepEqual(synced, ciphertexts);
  [alice, bob, late].forEach((c) => c.close());
});

test('a handshake refused with 401 (an expired token) is retried with a fresh token', { timeout: 60_000 }, async () => {
  const sub = newUser('dave');
  const calls = [];
  const client = new ChatClient({
    baseUrl,
    tokenProvider: async ({ forceRefresh }) => {
      calls.push(forceRefresh);
      return token(sub, { ttlSeconds: forceRefresh ? 3600 : -60 });
    },
    reconnect: { initialMs: 100, maxMs: 1_000 },
  });
  const welcome = await client.connect();
  assert.equal(welcome.user, sub);
  assert.deepEqual(calls.slice(0, 2), [false, true], 'the refused token was replaced by a forced refresh');
  client.close();
});

test('the browser form of the token, a URL-encoded sub-protocol, is accepted', async () => {
  const sub = newUser('carol');
  const welcome = await new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, ['charter.v1', tokenSubprotocol(token(sub))]);
    ws.on('message', (data) => { resolve(JSON.parse(String(data))); ws.close(); });
    ws.on('error', reject);
  });
  assert.equal(welcome.type, 'welcome');
  assert.equal(welcome.user, sub);
  assert.doesNotMatch(tokenSubprotocol('a.b.c'), / /, 'no space: a WHATWG WebSocket accepts it');
});
