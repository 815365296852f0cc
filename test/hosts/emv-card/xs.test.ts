/**
 * The card is portable: bundled from modules and hosts/desktop/emv-card
 * alone, it runs on the XS engine (xsnap, built-ins frozen as on a
 * Moddable host) and answers a whole transaction — DDA, CDA and an
 * enciphered PIN, whose RSA private operations are BigInt on XS — with the
 * very bytes it answers on Node.
 */
import test from "ava";
import { fileURLToPath } from "node:url";
import { encodeCommand, encodeResponse, type CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { bundleForXs, startXs } from "../../../tools/xs-worker.ts";
import { concat } from "../../../modules/core/bytes.ts";
import { ascii, bytes, card, dolData, profileJson, recover, terminalValues } from "./support.ts";

function transaction(name: string): CommandApdu[] {
  const app = profileJson(name).applications[0];
  const values = terminalValues();
  const pdol = app.pdol ? dolData(bytes(app.pdol), values) : new Uint8Array(0);
  return [
    { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: ascii("1PAY.SYS.DDF01"), le: 256 },
    { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: bytes(app.aid), le: 256 },
    { cla: 0x80, ins: 0xa8, p1: 0, p2: 0, data: Uint8Array.of(0x83, pdol.length, ...pdol), le: 256 },
    ...(app.records as { sfi: number; record: number }[]).map((r) => ({ cla: 0x00, ins: 0xb2, p1: r.record, p2: (r.sfi << 3) | 4, le: 256 })),
    { cla: 0x00, ins: 0x88, p1: 0, p2: 0, data: bytes("1A2B3C4D"), le: 256 },
    { cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 8 },
    { cla: 0x80, ins: 0xae, p1: 0x90, p2: 0, data: dolData(bytes(app.data["8C"]), values), le: 256 },
  ];
}

test("on XS the card answers DDA, CDA and PIN transactions byte for byte as on Node", async (t) => {
  const code = await bundleForXs(fileURLToPath(new URL("./xs-card-entry.ts", import.meta.url)));
  const worker = await startXs();
  try {
    await worker.evaluate(code);
    for (const name of ["dda", "cda", "offline-enciphered-pin"]) {
      // the Node card runs first; its challenge (the same seed draws the same on XS) lets the PIN be enciphered for VERIFY
      const node = card(name, 3);
      const commands: CommandApdu[] = [];
      const onNode: string[] = [];
      const pinKey = profileJson(name).applications[0].pinPrivateKey;
      for (const command of transaction(name)) {
        const answer = node.process(command);
        commands.push(command);
        onNode.push(toHex(encodeResponse(answer)));
        if (command.ins === 0x84 && pinKey) {
          const plain = concat(Uint8Array.of(0x7f), bytes("241234FFFFFFFFFF"), answer.data!, new Uint8Array(pinKey.modulus.length / 2 - 17));
          const verify: CommandApdu = { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x88, data: recover(bytes(pinKey.modulus), bytes(pinKey.publicExponent), plain) };
          commands.push(verify);
          onNode.push(toHex(encodeResponse(node.process(verify))));
        }
      }
      const run = await worker.evaluate(`runCard(${JSON.stringify(profileJson(name))}, ${JSON.stringify(commands.map((c) => toHex(encodeCommand(c))))}, 3)`);
      const onXs = (run.messages as { answer: string }[]).map((m) => m.answer);
      t.deepEqual(onXs, onNode, name);
      t.true(onNode.every((a) => a.endsWith("9000")), `${name}: every command succeeded`);
      if (pinKey) t.true(commands.some((c) => c.ins === 0x20), "the enciphered PIN was verified");
    }
  } finally {
    await worker.close();
  }
});
