/**
 * Bundled for the XS engine by xs.test.ts: the virtual card made from a
 * profile's JSON on XS, answering the commands it is given (hex), each
 * answer sent back to Node. Portable code only: the card, the software
 * crypto backend with a seeded random source.
 */
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { encodeResponse, parseCommand } from "../../../modules/iso7816/apdu.ts";
import { createEmvCardFromJson } from "../../../hosts/desktop/emv-card/emv-card.ts";
import { sendToParent } from "../../../tools/xs-send.ts";
import { testCrypto } from "../../support/crypto.ts";

(globalThis as Record<string, unknown>).runCard = (profile: unknown, commands: string[], seed: number) => {
  const card = createEmvCardFromJson(profile, { crypto: testCrypto(seed) });
  for (const hex of commands) sendToParent({ answer: toHex(encodeResponse(card.process(parseCommand(fromHex(hex))))) });
};
