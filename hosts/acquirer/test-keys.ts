/**
 * The emulator's keys: the ANSI X9.24-1 annex A test BDK (so that any
 * DUKPT terminal loaded from it can send PINs) and a test terminal master
 * key. Test keys only; a real acquirer's live in its HSM.
 */
export const TEST_BDK = "0123456789ABCDEFFEDCBA9876543210";
export const TEST_TMK = "1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D";
/** Issuer master key for application cryptograms (the key of the pyemv test vectors). */
export const TEST_IMK = "0123456789ABCDEFFEDCBA9876543210";
