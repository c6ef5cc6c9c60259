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
