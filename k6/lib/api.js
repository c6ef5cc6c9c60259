// REST calls of CONTRACT.md, as a given user.
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL } from './config.js';

function params(token, name) {
  return { headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }, tags: { name: name } };
}

/** Users exist from their first authenticated call. */
export function touch(token) {
  const res = http.get(BASE_URL + '/v1/conversations', params(token, 'GET /v1/conversations'));
  check(res, { 'registered (200)': (r) => r.status === 200 });
  return res;
}

/** Creates (201) or returns (200) the direct conversation with `other`; returns its id. */
export function directConversation(token, other) {
  const res = http.post(BASE_URL + '/v1/conversations', JSON.stringify({ kind: 'direct', members: [other] }),
    params(token, 'POST /v1/conversations'));
  check(res, { 'conversation created': (r) => r.status === 201 || r.status === 200 });
  return res.status < 300 ? res.json('id') : null;
}

export function groupConversation(token, title, members) {
  const res = http.post(BASE_URL + '/v1/conversations', JSON.stringify({ kind: 'group', title: title, members: members }),
    params(token, 'POST /v1/conversations'));
  check(res, { 'group created': (r) => r.status === 201 });
  return res.status === 201 ? res.json('id') : null;
}

export function post(token, path, body, name) {
  return http.post(BASE_URL + path, JSON.stringify(body), params(token, name || 'POST ' + path));
}

export function get(token, path, name) {
  return http.get(BASE_URL + path, params(token, name || 'GET ' + path));
}

/** GET /v1/region (no authentication): {"region","jurisdictions","countries"}. */
export function region() {
  return http.get(BASE_URL + '/v1/region', { tags: { name: 'GET /v1/region' } });
}

/**
 * Starts the erasure of the token's user (POST /v1/me/requests, type erasure) and returns
 * {done, id}: done when the answer already says completed, or when the user is already erased
 * (403 with code erased: from completion on, every token of that sub is refused that way).
 */
export function requestErasure(token) {
  const res = post(token, '/v1/me/requests', { type: 'erasure', details: {} }, 'POST /v1/me/requests (erasure)');
  if (res.status === 403 && problemCode(res) === 'erased') {
    return { done: true, id: null };
  }
  if (res.status !== 202) {
    return { done: false, id: null, status: res.status };
  }
  return { done: res.json('status') === 'completed', id: String(res.json('id')) };
}

/** Polls an erasure request once: true when completed, or when the user is now refused as erased. */
export function erasureCompleted(token, id) {
  const res = get(token, '/v1/me/requests/' + id, 'GET /v1/me/requests/{id}');
  if (res.status === 403 && problemCode(res) === 'erased') {
    return true;
  }
  return res.status === 200 && res.json('status') === 'completed';
}

function problemCode(res) {
  try {
    return String(res.json('code'));
  } catch (e) {
    return '';
  }
}
