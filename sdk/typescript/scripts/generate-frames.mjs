// Generates src/frames.generated.ts from docs/asyncapi.yaml: one type per schema, and the unions of the frames a
// client sends and receives. `npm run generate` writes it; test/asyncapi.test.mjs fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
export const specPath = join(here, '../../../docs/asyncapi.yaml');
export const outputPath = join(here, '../src/frames.generated.ts');

const refName = (ref) => ref.split('/').pop();

function typeOf(schema) {
  if (schema.$ref) return refName(schema.$ref);
  if ('const' in schema) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.map((t) => {
    switch (t) {
      case 'string': return 'string';
      case 'integer': case 'number': return 'number';
      case 'boolean': return 'boolean';
      case 'null': return 'null';
      case 'array': return `Array<${typeOf(schema.items)}>`;
      case 'object': return objectType(schema, '');
      default: throw new Error(`unsupported schema type ${t}`);
    }
  }).join(' | ');
}

function objectType(schema, indent) {
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const doc = prop.description ? `${indent}  /** ${prop.description} */\n` : '';
    return `${doc}${indent}  ${name}${required.has(name) ? '' : '?'}: ${typeOf(prop)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function frameUnion(doc, action) {
  const names = new Set();
  const payload = (messageRef) => {
    const key = refName(messageRef);
    const message = doc.channels.chat.messages[key];
    const resolved = message.$ref ? doc.components.messages[refName(message.$ref)] : message;
    names.add(refName(resolved.payload.$ref));
  };
  for (const op of Object.values(doc.operations)) {
    if (op.action === action) op.messages.forEach((m) => payload(m.$ref));
    if (action === 'send' && op.reply) op.reply.messages.forEach((m) => payload(m.$ref));
  }
  return [...names].sort();
}

export function render(doc) {
  const out = [
    '// Generated from docs/asyncapi.yaml by scripts/generate-frames.mjs (npm run generate). Do not edit.',
    '',
  ];
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (schema.description) out.push(`/** ${schema.description.trim().replace(/\s+/g, ' ')} */`);
    if (schema.type === 'object') {
      out.push(`export interface ${name} ${objectType(schema, '')}`);
    } else {
      out.push(`export type ${name} = ${typeOf(schema)};`);
    }
    out.push('');
  }
  out.push('/** Frames a client sends. */');
  out.push(`export type ClientFrame = ${frameUnion(doc, 'receive').join(' | ')};`);
  out.push('');
  out.push('/** Frames the server sends. */');
  out.push(`export type ServerFrame = ${frameUnion(doc, 'send').join(' | ')};`);
  out.push('');
  out.push('/** Every error frame code the protocol describes. */');
  out.push(`export const ERROR_CODES: readonly ErrorCode[] = ${JSON.stringify(doc.components.schemas.ErrorCode.enum)};`);
  out.push('');
  return out.join('\n');
}

export const loadSpec = () => parse(readFileSync(specPath, 'utf8'));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(outputPath, render(loadSpec()));
  console.log(`wrote ${outputPath}`);
}
