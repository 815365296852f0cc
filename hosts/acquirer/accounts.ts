/**
 * The emulator's cardholders: balance, per-card limit, PIN, expiry. PANs
 * are the published test numbers the simulator's cards carry.
 */
export interface Account {
  pan: string;
  balanceMinor: number;
  /** largest single transaction */
  limitMinor: number;
  /** the PIN the issuer holds (the emulator checks DUKPT PIN blocks against it) */
  pin?: string;
  /** YYMM */
  expiry: string;
  blocked?: boolean;
}

export function defaultAccounts(): Account[] {
  return [
    { pan: "4111111111111111", balanceMinor: 500_000, limitMinor: 200_000, expiry: "3012" },
    { pan: "4000056655665556", balanceMinor: 150_000, limitMinor: 100_000, pin: "1234", expiry: "3106" },
    { pan: "5555555555554444", balanceMinor: 80_000, limitMinor: 50_000, expiry: "2911" },
    { pan: "378282246310005", balanceMinor: 1_000_000, limitMinor: 500_000, expiry: "2806" },
    { pan: "4242424242424242", balanceMinor: 2_000, limitMinor: 100_000, pin: "4321", expiry: "3012" },
  ];
}
