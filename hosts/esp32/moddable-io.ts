import Digital from "embedded:io/digital";
import Serial from "embedded:io/serial";
import { XsposError } from "../../modules/core/error.ts";
import type { DigitalPinClass } from "../../drivers/keypad/io.ts";
import type { SerialPortClass } from "../../drivers/modem/io.ts";
import type { PrinterSerialClass } from "../../drivers/printer/io.ts";
import type { SlotDigitalClass, SlotPwm, SlotSerialClass } from "../../drivers/smartcard/io.ts";

/*
 * The ECMA-419 classes of the Moddable SDK as the drivers' IO types. The
 * drivers construct them with `format: "buffer"`, under which `read()`
 * gives an ArrayBuffer; @moddable/typings declares the union of every
 * format (`number | ArrayBuffer | undefined`), hence the casts here, in
 * one place.
 */

/** `embedded:io/serial` for the printer. */
export const PrinterSerial = Serial as unknown as PrinterSerialClass;
/** `embedded:io/serial` for the modem. */
export const ModemSerial = Serial as unknown as SerialPortClass;
/**
 * The card's I/O line: `embedded:io/serial` in the shape the slot driver
 * takes, and no more than a placeholder. The SDK's ESP32 serial
 * (modules/io/serial/esp32/serial.c) always configures 8 data bits, no
 * parity, one stop bit and ignores `parity` and `stopBits`, while a card
 * speaks 8E2; and it has neither the error signal nor the character
 * repetition of drivers/smartcard/io.ts. So no card talks through it:
 * the slot needs the native serial class drivers/smartcard/README.md
 * describes ("The error signal on the ESP32"), which takes its place here.
 */
export const CardSerial = Serial as unknown as SlotSerialClass;
/** `embedded:io/digital` for the keypad's rows and columns. */
export const KeypadPin: DigitalPinClass = Digital;
/** `embedded:io/digital` for the slot's CMDVCC, RSTIN and OFF. */
export const SlotPin: SlotDigitalClass = Digital;

/**
 * The card clock on this board: the TDA8024's own 14.2848 MHz crystal
 * divided by 4 (CLKDIV1 and CLKDIV2 strapped), 3.5712 MHz exactly, which
 * the front end starts and stops with the activation sequence. The slot
 * driver's clock output has nothing to do here; the class is the shape
 * the driver asks for (a PWM channel).
 */
export class CrystalCardClock implements SlotPwm {
  /** frequency the driver asks for, checked against the crystal's */
  constructor(options: { hz?: number }) {
    if (options.hz !== undefined && options.hz !== CRYSTAL_CARD_HZ) throw new XsposError("BOARD_CARD_CLOCK", `the card clock is fixed at ${CRYSTAL_CARD_HZ} Hz`);
  }
  write(): void {}
  close(): void {}
}

/** The TDA8024's card clock on this board, Hz. */
export const CRYSTAL_CARD_HZ = 3_571_200;
