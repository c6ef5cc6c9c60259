export * from './frames.generated';
export { ChatClient, ChatClientOptions, ChatEvents, SendContent, uuid } from './client';
export { ChatError, RestError } from './errors';
export { BackoffOptions, backoffDelay } from './backoff';
export { OutboxStorage, PendingSend, MemoryOutboxStorage, KeyValueOutboxStorage } from './outbox';
export { RestClient, RestClientOptions, Conversation, Consent, RightsRequest, RightsRequestType, Report, Device } from './rest';
export { TokenProvider, tokenExpiry } from './token';
export {
  WebSocketLike,
  WebSocketFactory,
  SUBPROTOCOL,
  tokenSubprotocol,
  nodeWebSocket,
  reactNativeWebSocket,
  browserWebSocket,
  defaultWebSocketFactory,
} from './transport';
