/**
 * Peer libraries measured on Node beside a case, on the same input. Node
 * only: these packages are not part of the firmware.
 */
export interface Peer {
  /** npm package and version measured */
  library: string;
  setup(): Promise<() => unknown>;
}

export const PEERS: Record<string, Peer> = {};
