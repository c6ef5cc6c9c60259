// The packaged Charter server (target/quarkus-app/quarkus-run.jar) as a child process, configured as the Java
// packaged-app tests configure it (pom.xml, failsafe), and test tokens signed with the same test key.
import { spawn } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const privateKey = readFileSync(join(root, 'src/test/resources/jwt/private.pem'), 'utf8');

export const port = Number(process.env.CHARTER_SDK_TEST_PORT ?? 18115);
export const managementPort = Number(process.env.CHARTER_SDK_TEST_MANAGEMENT_PORT ?? 9115);
export const baseUrl = `http://127.0.0.1:${port}`;
export const wsUrl = `ws://127.0.0.1:${port}/v1/ws`;

const b64url = (value) => Buffer.from(value).toString('base64url');

/** An RS256 token as testsupport/Tokens mints them: issuer, audience `charter-api`, role `user`. */
export function token(sub, { ttlSeconds = 3600, country = 'DE' } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({
    iss: 'https://charter.dev/local', sub, aud: 'charter-api', groups: ['user'], country,
    iat: now, exp: now + ttlSeconds, jti: randomUUID(),
  }));
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${signer.sign(privateKey).toString('base64url')}`;
}

export const newUser = (name) => `${name}-${randomUUID().slice(0, 8)}`;

export class Server {
  constructor(env = {}) {
    this.env = env;
    this.process = null;
  }

  async start() {
    const jar = join(root, 'target/quarkus-app/quarkus-run.jar');
    mkdirSync(join(root, 'target'), { recursive: true });
    const log = openSync(join(root, `target/app-${port}.log`), 'a');
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
    this.process = spawn(java, ['-Xmx256m', '-jar', jar], {
      cwd: root,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        QUARKUS_HTTP_PORT: String(port),
        QUARKUS_MANAGEMENT_PORT: String(managementPort),
        CHARTER_COUNTRIES: 'DE,FR,IE,NL,ES,IT,AT,GB,US,SG,IN,JP,BR',
        CHARTER_KEYS_PROVIDER: 'local',
        CHARTER_KEYS_LOCAL_MASTER_KEY: 'q9Zp0l7hX3m8cT1vR4yB6nW2sJ5kD0fG7aH9eL3uQ1o=',
        CHARTER_LEDGER_DIR: join(root, 'target/sdk-ledger'),
        CHARTER_KEYS_RECEIPT_PRIVATE_KEY: 'MC4CAQAwBQYDK2VwBCIEIJEW3mMVQS3GCPobQ8QmWwNyf5uWGsWu+KyLKKCbTk40',
        CHARTER_AUDIT_CHECKPOINT_KEY: 'CXuuB3l7bCUwo8jpdBkkWN/YMi6y4TK2wgUFHjKyWck=',
        MP_JWT_VERIFY_PUBLICKEY_LOCATION: join(root, 'src/test/resources/jwt/public.pem'),
        MP_JWT_VERIFY_AUDIENCES: 'charter-api',
        // Listening sockets learn of an expired token within a second rather than 30 s.
        CHARTER_WS_TOKEN_EXPIRY_SWEEP: '1s',
        ...this.env,
      },
    });
    const exited = new Promise((_, reject) => this.process.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before it was ready; see target/app-${port}.log`))));
    await Promise.race([this.#ready(), exited]);
    exited.catch(() => {});
  }

  async #ready() {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${managementPort}/q/health/ready`);
        if (res.status === 200) return;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the server was not ready within 90 s');
  }

  /** SIGKILL: no drain, no goodbye; sockets just drop. */
  async kill() {
    if (!this.process || this.process.exitCode !== null) return;
    const exit = new Promise((r) => this.process.once('exit', r));
    this.process.kill('SIGKILL');
    await exit;
  }

  async stop() {
    if (!this.process || this.process.exitCode !== null) return;
    const exit = new Promise((r) => this.process.once('exit', r));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 20_000);
    await exit;
    clearTimeout(timer);
  }
}

/** REST as a user: JSON in and out; throws with the problem's code on an error status. */
export async function api(tokenValue, method, path, body) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${tokenValue}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return json;
}
