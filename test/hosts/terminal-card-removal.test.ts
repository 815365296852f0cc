/**
 * A card inserted before the amount is finished, then pulled out, through
 * the real slot driver over the virtual EMV card and the hosts' wiring
 * (modules/terminal DeviceEvents), with the terminal of the end-to-end
 * device (acquirer emulator over sockets): the slot's presence is right
 * after the removal, and the terminal asks for a card instead of reading
 * the one that left or offering its stripe.
 */
import test, { type ExecutionContext } from "ava";
import type { ApduTransport } from "../../modules/iso7816/transport.ts";
import { DeviceEvents } from "../../modules/terminal/device-events.ts";
import { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { createEmvCardFromJson } from "../../hosts/desktop/emv-card/emv-card.ts";
import { emvCardSlot } from "../../hosts/desktop/emv-card/slot.ts";
import { readTestCardJson } from "../../hosts/desktop/emv-card/test-cards.ts";
import { testCrypto } from "../support/crypto.ts";
import { device, type Device } from "./terminal-device.ts";

/** The virtual clock runs while Node turns its event loop (the acquirer's sockets), as the device's own steps do. */
async function tick(d: Device, ms: number): Promise<void> {
  for (let i = 0; i < ms; i += 5) {
    await new Promise((r) => setImmediate(r));
    d.clock.advance(5);
  }
}

/** The device's terminal wired to chip slots as the hosts wire theirs; every APDU the terminal sends is counted. */
async function wiring(d: Device) {
  let apdus = 0;
  const events = new DeviceEvents<SmartcardSlot>({
    log: d.log,
    transport: (slot): ApduTransport => ({
      get present() {
        return slot.present;
      },
      subscribe: (listener) => slot.subscribe(listener),
      transmit(command) {
        apdus++;
        return slot.transmit(command);
      },
    }),
  });
  // the device has started its terminal already: from here on the slots' events go to it
  await events.start({ start: () => Promise.resolve(), handle: (e) => d.terminal.handle(e) });
  const slots: SmartcardSlot[] = [];
  return {
    apdus: () => apdus,
    /** a test card in a new slot, activated before the terminal sees it */
    async insert(name: string) {
      const dev = emvCardSlot(createEmvCardFromJson(readTestCardJson(name), { crypto: testCrypto(5) }), { clock: d.clock });
      const slot = new SmartcardSlot({ ...dev.specs(), clock: d.clock });
      slots.push(slot);
      events.attach(slot);
      let done = false;
      void events.activation.finally(() => (done = true));
      while (!done) await tick(d, 10);
      return { slot, pull: () => dev.pull() };
    },
    close: () => slots.forEach((s) => s.close()),
  };
}

/** A device wired to real slots (closed with the test), "7" keyed, and the signature card inserted while the amount is keyed. */
async function cardInAtAmount(t: ExecutionContext) {
  const d = await device();
  const w = await wiring(d);
  t.teardown(async () => {
    w.close();
    await d.close();
  });
  await d.type("7");
  const card = await w.insert("signature");
  return { d, w, card };
}

test.serial("inserted while the amount is keyed, pulled out before ENTER: the slot reports no card after its debounce, the terminal asks for one and sends the pulled card nothing; the card inserted then is read", async (t) => {
  const { d, w, card } = await cardInAtAmount(t);
  t.is(d.terminal.state, "amount");
  t.true(d.log.lines.some((l) => l.startsWith("chip: ATR ")), "the slot activated the card");
  card.pull();
  await tick(d, 100);
  t.false(card.slot.present, "the presence line, debounced, says the card is out");
  t.true(d.log.lines.includes("terminal: the card was taken out at amount, before it was read"));
  await d.type("00");
  await d.press("ENTER");
  await d.until("present-card");
  t.like(d.shown[d.shown.length - 1], { id: "PRESENT_CARD", operation: "SALE" });
  t.is(w.apdus(), 0, "no APDU to the card that left");
  t.false(d.shown.some((m) => m.id === "FALLBACK_SWIPE"), "no stripe offered for it");
  t.false(d.log.lines.some((l) => l.includes("the stripe may be used")));

  const again = await w.insert("signature");
  await d.until("remove-card", "idle");
  t.true(w.apdus() > 0, "the card inserted when asked for is read");
  t.true(d.shown.some((m) => m.id === "APPROVED"));
  again.pull();
  await d.until("idle");
  t.is(d.terminal.state, "idle");
});

test.serial("a slot closed right after its card is pulled (before the debounce could see it) says no card is present; the terminal, told nothing, asks for a card at ENTER instead of reading the slot or offering the stripe", async (t) => {
  const { d, w, card } = await cardInAtAmount(t);
  card.pull();
  card.slot.close();
  t.false(card.slot.present, "a closed slot reports no card");
  await d.type("00");
  await d.press("ENTER");
  await d.until("present-card");
  t.like(d.shown[d.shown.length - 1], { id: "PRESENT_CARD" });
  t.is(w.apdus(), 0);
  t.false(d.shown.some((m) => m.id === "FALLBACK_SWIPE"));
});
