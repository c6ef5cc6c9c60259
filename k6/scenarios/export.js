// Rights-request export: users ask for their data (access) and poll until the export is ready, then fetch it.
//   k6 run -e BASE_URL=... -e TOKENS_FILE=... k6/scenarios/export.js
import { check, sleep } from 'k6';
import { Trend } from 'k6/metrics';
import exec from 'k6/execution';
import { user } from '../lib/config.js';
import { post, get } from '../lib/api.js';

const readyAfter = new Trend('charter_export_ready', true);

export const options = {
  scenarios: { exports: { executor: 'per-vu-iterations', vus: 5, iterations: 2, maxDuration: '5m' } },
  thresholds: {
    checks: ['rate>0.99'],
    charter_export_ready: ['p(95)<30000'],
  },
};

export default function () {
  const me = user(exec.scenario.iterationInTest);
  const started = Date.now();
  const created = post(me.token, '/v1/me/requests', { type: 'access', details: {} }, 'POST /v1/me/requests');
  if (!check(created, { 'request accepted (202)': (r) => r.status === 202 })) {
    return;
  }
  const id = created.json('id');
  for (let i = 0; i < 60; i++) {
    const polled = get(me.token, '/v1/me/requests/' + id, 'GET /v1/me/requests/{id}');
    const exportUrl = polled.status === 200 ? polled.json('exportUrl') : null;
    if (exportUrl) {
      readyAfter.add(Date.now() - started);
      const archive = get(me.token, String(exportUrl), 'GET export');
      check(archive, {
        'export is JSON': (r) => r.status === 200 && r.json('schema') === 'charter.export.v1',
      });
      return;
    }
    sleep(1);
  }
  check(null, { 'export ready within a minute': () => false });
}
