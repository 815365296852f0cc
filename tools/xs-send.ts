/**
 * On the XS engine: one JSON message to the Node parent through xsnap's
 * synchronous `issueCommand`, whose answer (bytes, possibly empty) comes
 * back. Used by the test shim, the benchmark and the simulator.
 */
declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;
declare class TextEncoder {
  encode(text: string): Uint8Array;
}

export function sendToParent(message: object): ArrayBuffer {
  return issueCommand(new TextEncoder().encode(JSON.stringify(message)).buffer as ArrayBuffer);
}
