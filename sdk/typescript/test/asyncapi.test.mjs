// docs/asyncapi.yaml and the SDK's frame types agree, and the server answers every client frame it describes
// with the frames it describes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { loadSpec, outputPath, render } from '../scripts/generate-frames.mjs';
import { Server, api, newUser, token, wsUrl } from './server.mjs';

const spec = loadSpec();
const server = new Server();
before(() => server.start());
after(() => server.stop());

test('the generated frame types are those of docs/asyncapi.yaml (npm run generate)', () => {
  assert.equal(readFileSync(outputPath, 'utf8'), render(spec));
});

const schemas = spec.components.schemas;
const messageOf = (ref) => {
  const m = spec.channels.chat.messages[ref.split('/').pop()];
  return spec.components.messages[m.$ref.split('/').pop()];
};
const resolve = (schema) => (schema.$ref ? resolve(schemas[schema.$ref.split('/').pop()]) : schema);

/** The problems of `value` against the schema subset asyncapi.yaml uses; none when it conforms. */
function problems(value, schema, path = '$') {
  schema = resolve(schema);
  if ('const' in schema) return value === schema.const ? [] : [`${path}: ${JSON.stringify(value)} is not ${schema.const}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} is not one of ${schema.enum}`];
  const types = schema.type ? (Array.isArray(schema.type) ? schema.type : [schema.type]) : [];
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length && !types.includes(kind) && !(kind === 'integer' && types.includes('number'))) {
    return [`${path}: ${kind} where ${types} is described`];
  }
  if (kind === 'array') return value.flatMap((v, i) => problems(v, schema.items, `${path}[${i}]`));
  if (kind === 'object') {
    const out = (schema.required ?? []).filter((k) => !(k in value)).map((k) => `${path}.${k}: missing`);
    for (const [k, v] of Object.entries(value)) {
      if (!schema.properties?.[k]) out.push(`${path}.${k}: not described`);
      else out.push(...problems(v, schema.properties[k], `${path}.${k}`));
    }
    return out;
  }
  return [];
}

function socket(sub) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${token(sub)}` } });
    const frames = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    ws.on('error', reject);
    ws.frames = frames;
    ws.next = async (predicate, what) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const i = frames.findIndex(predicate);
        if (i >= 0) return frames.splice(i, 1)[0];
        if (Date.now() > deadline) throw new Error(`no ${what}; got ${JSON.stringify(frames)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    ws.on('open', async () => {
      const welcome = await ws.next((f) => f.type === 'welcome', 'welcome');
      assert.deepEqual(problems(welcome, messageOf('#/x/welcome').payload), []);
      resolve(ws);
    });
  });
}

test('every client frame described gets the described reply, and members get what x-delivered-to names', async () => {
  const alice = newUser('alice');
  const bob = newUser('bob');
  await api(token(bob), 'GET', '/v1/conversations');
  const conversation = (await api(token(alice), 'POST', '/v1/conversations', { kind: 'direct', members: [bob] })).id;
  const a = await socket(alice);
  const b = await socket(bob);

  // Operations in a sensible order: a message exists before it is read, edited and unsent.
  const order = ['receiveSend', 'receiveSync', 'receiveRead', 'receivePing', 'receiveEdit', 'receiveTyping', 'receiveUnsend'];
  const receiving = Object.entries(spec.operations).filter(([, op]) => op.action === 'receive').map(([name]) => name);
  assert.deepEqual([...receiving].sort(), [...order].sort(), 'every receive operation is exercised');

  let seq = 0;
  for (const name of order) {
    const op = spec.operations[name];
    const message = messageOf(op.messages[0].$ref);
    const frame = { ...message.examples[0].payload };
    assert.deepEqual(problems(frame, message.payload), [], `${name}'s example conforms to its schema`);
    if ('conversation' in frame) frame.conversation = conversation;
    if ('clientMsgId' in frame) frame.clientMsgId = randomUUID();
    if ('seq' in frame) frame.seq = seq;
    if ('ref' in frame) frame.ref = `${name}-${randomUUID()}`;
    a.send(JSON.stringify(frame));

    if (op.reply) {
      const reply = await a.next((f) => f.ref === frame.ref, `reply to ${name}`);
      const described = op.reply.messages.map((m) => messageOf(m.$ref));
      const fits = described.filter((m) => problems(reply, m.payload).length === 0);
      assert.ok(fits.length > 0, `${name}: ${JSON.stringify(reply)} is not ${described.map((m) => m.name)}: ` +
        JSON.stringify(described.map((m) => problems(reply, m.payload))));
      if (reply.seq) seq = reply.seq;
    }
    for (const key of op['x-delivered-to'] ?? []) {
      const described = spec.components.messages[key];
      const type = resolve(described.payload).properties.type.const;
      const delivered = await b.next((f) => f.type === type && f.conversation === conversation, `${type} for ${name}`);
      assert.deepEqual(problems(delivered, described.payload), [], `${name} delivers a described ${type}`);
    }
  }

  // Refusals are error frames as described, with the ref.
  for (const bad of [{ type: 'nonsense', ref: 'e1' }, { type: 'send', ref: 'e2', conversation: 'not-a-uuid' }]) {
    a.send(JSON.stringify(bad));
    const error = await a.next((f) => f.ref === bad.ref, `error for ${bad.type}`);
    assert.deepEqual(problems(error, spec.components.messages.error.payload), []);
  }
  a.close();
  b.close();
});
