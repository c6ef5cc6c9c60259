// Where the scenarios point and who they act as. Set with -e NAME=value.
import { SharedArray } from 'k6/data';

export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/$/, '');
export const WS_URL = BASE_URL.replace(/^http/, 'ws') + '/v1/ws';

/**
 * k6 `hosts` option: with -e RESOLVE_TO=<ip>, BASE_URL's host name is sent to that address (TLS still checked
 * against the host name). The deploy pipeline uses it to reach the new load balancer before DNS does.
 * @returns {Record<string, string> | undefined}
 */
export function hostsOverride() {
  if (!__ENV.RESOLVE_TO) {
    return undefined;
  }
  const host = BASE_URL.replace(/^[a-z]+:\/\//, '').replace(/[/:].*$/, '');
  /** @type {Record<string, string>} */
  const hosts = {};
  hosts[host] = __ENV.RESOLVE_TO;
  return hosts;
}

/**
 * Test users: a JSON array of {"sub","token"} (scripts/mint-tokens.sh writes one for a dev or CI server;
 * against a deployed region, mint them with your identity provider). Loaded once, shared by all VUs.
 */
const users = new SharedArray('users', function () {
  if (!__ENV.TOKENS_FILE) {
    throw new Error('set -e TOKENS_FILE=<path to [{"sub","token"}]>, e.g. from scripts/mint-tokens.sh');
  }
  return JSON.parse(open(__ENV.TOKENS_FILE));
});

/** @typedef {{sub: string, token: string}} TestUser */

/**
 * The n-th test user (wraps around).
 * @param {number} n
 * @returns {TestUser}
 */
export function user(n) {
  return /** @type {TestUser} */ (users[n % users.length]);
}

export function userCount() {
  return users.length;
}
