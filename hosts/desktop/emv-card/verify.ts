import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { constantTimeEqual, wipe } from "../../../modules/core/bytes.ts";
import { currentTransaction } from "./processing.ts";
import { rsaPrivate } from "./rsa-private.ts";
import type { CardResponse, CardState, TransactionState } from "./state.ts";
import { SW, triesLeft } from "./status.ts";

/*
 * VERIFY (EMV 4.4 Book 3 §6.5.12) with the offline PIN in plaintext (P2
 * 80) or enciphered under the ICC PIN encipherment key, or the ICC key
 * when the card has no separate one (P2 88, Book 2 §7): the card recovers
 * 7F || PIN block || its challenge || random padding, checks header and
 * challenge, then the PIN. The PIN block is ISO 9564-1 format 2.
 */

const PLAINTEXT = 0x80;
const ENCIPHERED = 0x88;
const PIN_BLOCK_BYTES = 8;
const ENCIPHERED_HEADER = 0x7f;

/** The PIN digits of a format 2 block (control 2, length 4-12, digits, F fill), or undefined when it is not one. */
export function pinFromFormat2Block(block: Uint8Array): string | undefined {
  if (block.length !== PIN_BLOCK_BYTES || block[0] >> 4 !== 2) return undefined;
  const length = block[0] & 0x0f;
  if (length < 4 || length > 12) return undefined;
  let pin = "";
  for (let i = 0; i < 14; i++) {
    const nibble = i % 2 === 0 ? block[1 + (i >> 1)] >> 4 : block[1 + (i >> 1)] & 0x0f;
    if (i < length) {
      if (nibble > 9) return undefined;
      pin += String.fromCharCode(48 + nibble);
    } else if (nibble !== 0x0f) return undefined;
  }
  return pin;
}

/** The PIN compared, the PIN Try Counter moved (reset on success, down by one on failure). */
function checkPin(tx: TransactionState, block: Uint8Array): CardResponse {
  const app = tx.app;
  const offered = pinFromFormat2Block(block);
  if (offered === undefined) return { sw: SW.WRONG_DATA };
  tx.cvr.offlinePinPerformed = true;
  const encode = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const a = encode(offered);
  const b = encode(app.pin!);
  const match = constantTimeEqual(a, b);
  wipe(a, b);
  if (match) {
    app.pinTriesLeft = app.profile.pin!.tryLimit;
    tx.cvr.offlinePinFailed = false;
    return { sw: SW.OK };
  }
  app.pinTriesLeft--;
  tx.cvr.offlinePinFailed = true;
  return { sw: triesLeft(app.pinTriesLeft) };
}

/** VERIFY: offline PIN, plaintext or enciphered. */
export function verify(card: CardState, command: CommandApdu): CardResponse {
  if (command.p1 !== 0 || (command.p2 !== PLAINTEXT && command.p2 !== ENCIPHERED)) return { sw: SW.INCORRECT_P1_P2 };
  const tx = currentTransaction(card);
  if (!tx || !tx.pdolData) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  const app = tx.app;
  if (app.pin === undefined) return { sw: SW.REFERENCED_DATA_NOT_FOUND };
  if (app.pinTriesLeft === 0) return { sw: SW.AUTHENTICATION_BLOCKED };
  const data = command.data ?? new Uint8Array(0);
  if (command.p2 === PLAINTEXT) return data.length === PIN_BLOCK_BYTES ? checkPin(tx, data) : { sw: SW.WRONG_LENGTH };
  const key = app.profile.pinPrivateKey ?? app.profile.iccPrivateKey;
  if (!key) return { sw: SW.FUNCTION_NOT_SUPPORTED };
  if (data.length !== key.modulus.length) return { sw: SW.WRONG_LENGTH };
  const challenge = tx.challenge;
  tx.challenge = undefined;
  if (!challenge) return { sw: SW.CONDITIONS_NOT_SATISFIED };
  let recovered: Uint8Array;
  try {
    recovered = rsaPrivate(key, data);
  } catch {
    return { sw: SW.WRONG_DATA };
  }
  // a block the card cannot read is refused without costing a try: only a PIN that reached the card counts
  if (recovered[0] !== ENCIPHERED_HEADER || !constantTimeEqual(recovered.subarray(9, 17), challenge)) {
    wipe(recovered);
    return { sw: SW.WRONG_DATA };
  }
  const answer = checkPin(tx, recovered.subarray(1, 9));
  wipe(recovered);
  return answer;
}
