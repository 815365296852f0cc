/**
 * On the XS engine: one JSON message to the Node parent through xsnap's
 * synchronous `issueCommand`, whose answer (bytes, possibly empty) comes
 * back; or a JSON message with a binary payload after it. Used by the
 * test shim, the benchmark and the simulator.
 */
declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;
declare class TextEncoder {
  encode(text: string): Uint8Array;
}

export function sendToParent(message: object): ArrayBuffer {
  return issueCommand(new TextEncoder().encode(JSON.stringify(message)).buffer as ArrayBuffer);
}

/**
 * A JSON message and `payload` in one request: the JSON text, a 0 byte
 * (JSON text never holds one: JSON.stringify escapes control
 * characters), then the payload; the parent sees the payload as the
 * message's `bytes`. The request buffer is wiped once the parent has
 * answered, since the payload may be key material; `payload` itself is
 * the caller's to wipe.
 */
export function sendBytesToParent(message: object, payload: Uint8Array): ArrayBuffer {
  const head = new TextEncoder().encode(JSON.stringify(message));
  const request = new Uint8Array(head.length + 1 + payload.length);
  request.set(head);
  request.set(payload, head.length + 1);
  try {
    return issueCommand(request.buffer as ArrayBuffer);
  } finally {
    request.fill(0);
  }
}
