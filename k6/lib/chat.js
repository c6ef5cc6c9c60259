// WebSocket helpers for /v1/ws (CONTRACT.md frames).
import { WebSocket } from 'k6/websockets';
import { WS_URL } from './config.js';

let counter = 0;

/** A random RFC 4122 version-4 UUID (clientMsgId). */
export function uuid() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

/** Opens a socket authenticated with the header form; `onFrame` gets every parsed frame. */
export function connect(token, onFrame) {
  const ws = new WebSocket(WS_URL, null, { headers: { Authorization: 'Bearer ' + token } });
  ws.addEventListener('message', function (event) {
    // @ts-ignore: message events carry `data`
    onFrame(JSON.parse(event.data), ws);
  });
  return ws;
}

export function nextRef(prefix) {
  counter += 1;
  return prefix + counter;
}

/** A send frame whose text carries the send time, so receivers can measure send->deliver latency. */
export function sendFrame(conversation, ref) {
  return JSON.stringify({
    type: 'send', ref: ref, conversation: conversation, clientMsgId: uuid(), text: 't=' + Date.now(),
  });
}

/** Milliseconds since the send time embedded by sendFrame, or -1 for other texts. */
export function latencyOf(messageFrame) {
  const text = messageFrame.text || '';
  return text.indexOf('t=') === 0 ? Date.now() - Number(text.substring(2)) : -1;
}
