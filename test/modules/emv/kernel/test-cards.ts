/**
 * A plain test card for the kernel's flow tests, built with the test
 * card of test/support/emv-card.ts: Mastercard's AID, no ODA, the records
 * every application must have, a CDOL1 and CDOL2 of the usual shape.
 */
import { adfFci, EmvTestCard, record, tlv, type EmvCardProfile } from "../../../support/emv-card.ts";

/** CDOL1: 9F02 9F03 9F1A 95 5F2A 9A 9C 9F37 8A (python-emv's Barclays CDOL1 with the response code added). */
export const CDOL1 = "9F02069F03069F1A0295055F2A029A039C019F37048A02";
/** CDOL2: 8A 95 9F37 91. */
export const CDOL2 = "8A0295059F3704910A";

export interface TestCardOptions {
  /** AIP, default 1C00: cardholder verification, terminal risk management, issuer authentication */
  aip?: string;
  /** CVM List, default "No CVM required, always" */
  cvmList?: string;
  /** more objects for the first record */
  extra?: string[];
  profile?: Partial<EmvCardProfile>;
}

/** The card's first record: dates, PAN, CDOLs, CVM List, Issuer Country Code 0344. */
export function testRecord(options: TestCardOptions = {}): string {
  return record(
    tlv("5F24", "281231"),
    tlv("5A", "5413330089020011"),
    tlv("5F34", "01"),
    tlv("5F28", "0344"),
    tlv("8C", CDOL1),
    tlv("8D", CDOL2),
    tlv("8E", options.cvmList ?? "00000000000000001F00"),
    ...(options.extra ?? []),
  );
}

export function testCard(options: TestCardOptions = {}): EmvTestCard {
  return new EmvTestCard({
    applications: [{ fci: adfFci("A0000000041010", "MASTERCARD") }],
    gpo: tlv("80", (options.aip ?? "1C00") + "08010100"),
    records: { "1.1": testRecord(options) },
    ...options.profile,
  });
}
