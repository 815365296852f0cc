/**
 * The simulator's line to its Node front end, on the XS engine: xsnap's
 * `issueCommand` carries one JSON message per call.
 */
declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;
declare class TextEncoder {
  encode(text: string): Uint8Array;
}

/** Messages the simulated terminal sends to its front end. */
export type SimMessage =
  | { type: "display"; lines: string[] }
  | { type: "log"; text: string };

export function send(message: SimMessage): void {
  issueCommand(new TextEncoder().encode(JSON.stringify(message)).buffer as ArrayBuffer);
}
