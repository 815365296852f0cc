/**
 * The network port: TCP (optionally TLS) to the acquirer, over Wi-Fi on
 * the device, over the 4G modem's sockets, or over Node's sockets on a
 * desktop. The uplink sees only these two interfaces.
 */
export interface Link {
  /**
   * Opens a connection; rejects with UplinkError `HOST_CONNECT` when the
   * host cannot be reached within `timeoutMs`.
   */
  connect(host: string, port: number, options: { tls?: boolean; timeoutMs: number }): Promise<Connection>;
}

/** One open connection. Bytes arrive through `onData` in whatever chunks the network delivers. */
export interface Connection {
  write(bytes: Uint8Array): void;
  close(): void;
  onData: ((bytes: Uint8Array) => void) | undefined;
  /** called once when the peer closes or the connection fails */
  onClose: (() => void) | undefined;
}
