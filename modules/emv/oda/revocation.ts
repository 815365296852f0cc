import { constantTimeEqual } from "../../core/bytes.ts";

/**
 * An issuer certificate the payment system has revoked: the RID, CA Public
 * Key Index and Certificate Serial Number that EMV 4.4 Book 2 §5.3 step 10
 * checks (the terminal's certification revocation list).
 */
export interface RevokedCertificate {
  /** 5 bytes */
  rid: Uint8Array;
  /** CA Public Key Index, 0-255 */
  index: number;
  /** Certificate Serial Number, 3 bytes */
  serial: Uint8Array;
}

/** Whether the list holds this RID, CA key index and serial number. */
export function isRevoked(list: Iterable<RevokedCertificate> | undefined, rid: Uint8Array, index: number, serial: Uint8Array): boolean {
  if (!list) return false;
  for (const r of list) if (r.index === index && constantTimeEqual(r.rid, rid) && constantTimeEqual(r.serial, serial)) return true;
  return false;
}
