// Generated from docs/asyncapi.yaml by scripts/generate-frames.mjs (npm run generate). Do not edit.

export type Uuid = string;

/** Exactly one of text and ciphertext (E2EE conversations, base64), non-empty. */
export interface Send {
  type: "send";
  ref?: string;
  conversation: Uuid;
  clientMsgId: Uuid;
  text?: string;
  /** base64 */
  ciphertext?: string;
  attachments?: Array<Uuid>;
  /** E2EE conversations only; HMAC-SHA256 of the plaintext under a franking key carried inside the ciphertext. */
  franking?: {
  /** base64url, 32 bytes */
  commitment: string;
};
}

export interface Sync {
  type: "sync";
  ref?: string;
  conversation: Uuid;
  afterSeq?: number;
  /** at most charter.ws.max-sync-limit (500) */
  limit?: number;
}

export interface Read {
  type: "read";
  ref?: string;
  conversation: Uuid;
  seq: number;
}

export interface Ping {
  type: "ping";
  ref?: string;
}

/** Exactly one of text and ciphertext, non-empty. */
export interface Edit {
  type: "edit";
  ref?: string;
  conversation: Uuid;
  seq: number;
  text?: string;
  ciphertext?: string;
}

export interface Unsend {
  type: "unsend";
  ref?: string;
  conversation: Uuid;
  seq: number;
}

export interface Typing {
  type: "typing";
  ref?: string;
  conversation: Uuid;
}

export interface Welcome {
  type: "welcome";
  user: string;
  region: string;
  jurisdiction: string;
  missingConsents: Array<string>;
}

export interface SendAck {
  type: "ack";
  ref?: string;
  conversation: Uuid;
  clientMsgId: Uuid;
  messageId: Uuid;
  seq: number;
  sentAt: string;
}

export interface Ok {
  type: "ack";
  ref?: string;
}

export interface History {
  type: "history";
  ref?: string;
  conversation: Uuid;
  messages: Array<Message>;
  hasMore: boolean;
}

export interface Pong {
  type: "pong";
  ref?: string;
}

export interface Attachment {
  id: Uuid;
  contentType: string;
  size: number;
  sha256: string;
}

/** Exactly one of text, ciphertext (E2EE), removed, erased (sender null) and unreadable (tampered ciphertext). senderRegion for a sender from another region, editedAt once edited. */
export interface Message {
  type: "message";
  conversation: Uuid;
  seq: number;
  messageId: Uuid;
  sender: string | null;
  text?: string;
  ciphertext?: string;
  sentAt: string;
  removed?: boolean;
  erased?: boolean;
  unreadable?: boolean;
  senderRegion?: string;
  editedAt?: string;
  attachments?: Array<Attachment>;
  /** The server's countersignature of a franked E2EE send (absent once edited); verify with GET /v1/franking/keys. */
  franking?: {
  commitment: string;
  signature: string;
  keyId: string;
};
}

export interface Receipt {
  type: "receipt";
  conversation: Uuid;
  user: string;
  readSeq: number;
}

/** Exactly one of text and ciphertext. */
export interface Edited {
  type: "edited";
  conversation: Uuid;
  seq: number;
  messageId: Uuid;
  text?: string;
  ciphertext?: string;
  editedAt: string;
}

export interface Removed {
  type: "removed";
  conversation: Uuid;
  seq: number;
}

export interface TypingNotice {
  type: "typing";
  conversation: Uuid;
  user: string;
}

export interface ReportUpdate {
  type: "report_update";
  report: Uuid;
  status: "open" | "resolved";
  action?: "remove_message" | "warn" | "suspend" | "dismiss" | null;
}

export interface ModerationNotice {
  type: "moderation_notice";
  report: Uuid;
  conversation: Uuid;
  seq: number;
  action: "remove_message" | "warn" | "suspend" | "dismiss";
}

export interface BreachNotice {
  type: "breach_notice";
  breach: Uuid;
  jurisdiction: string;
  clock: string;
  notice: string;
  notifiedAt: string;
}

export interface ErrorFrame {
  type: "error";
  ref?: string;
  code: ErrorCode;
  message: string;
  /** Present only when true; nothing was stored or acked, send the same frame again. */
  retryable?: boolean;
}

export type ErrorCode = "invalid_frame" | "unknown_type" | "not_member" | "not_found" | "payload_too_large" | "rate_limited" | "blocked_by_policy" | "consent_required" | "restricted" | "unauthorized" | "wrong_region" | "internal" | "forbidden" | "blocked";

/** Frames a client sends. */
export type ClientFrame = Edit | Ping | Read | Send | Sync | Typing | Unsend;

/** Frames the server sends. */
export type ServerFrame = BreachNotice | Edited | ErrorFrame | History | Message | ModerationNotice | Ok | Pong | Receipt | Removed | ReportUpdate | SendAck | TypingNotice | Welcome;

/** Every error frame code the protocol describes. */
export const ERROR_CODES: readonly ErrorCode[] = ["invalid_frame","unknown_type","not_member","not_found","payload_too_large","rate_limited","blocked_by_policy","consent_required","restricted","unauthorized","wrong_region","internal","forbidden","blocked"];
