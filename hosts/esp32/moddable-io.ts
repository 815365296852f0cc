import Digital from "embedded:io/digital";
import PWM from "embedded:io/pwm";
import Serial from "embedded:io/serial";
import { XsposError } from "../../modules/core/error.ts";
import type { DigitalPinClass } from "../../drivers/keypad/io.ts";
import type { SerialPortClass } from "../../drivers/modem/io.ts";
import type { PrinterSerialClass } from "../../drivers/printer/io.ts";
import type { SlotDigitalClass, SlotPwm } from "../../drivers/smartcard/io.ts";

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

/** The LEDC card clock, Hz: the 80 MHz APB clock over 20, exactly. */
export const LEDC_CARD_HZ = 4_000_000;
/** The APB clock the LEDC timer counts, Hz. */
const APB_HZ = 80_000_000;
/**
 * LEDC duty resolution, bits. One bit would give 80 MHz / 2 / 10, but the
 * SDK's ESP32 PWM (modules/io/pwm/esp32) turns a write of the largest
 * value into 100 % duty, so at one bit there is no 50 % square wave; at two
 * bits a write of 2 is 2/4, and the divider is still whole (80 MHz / 4 / 5).
 */
const LEDC_RESOLUTION = 2;

/**
 * The card clock from the ESP32's LEDC (`embedded:io/pwm`) into the
 * TDA8024's XTAL1, CLKDIV strapped for ÷1: a 4 MHz square wave with a whole
 * divider of the APB clock, so without the fractional divider's jitter. At
 * F = 372 an ETU is then 93 µs (10 753 bit/s). 3.5712 MHz is not reachable
 * without jitter: 80 MHz / 3.5712 MHz / 4 = 5.6. The slot driver starts it
 * with `write(512)` (any non-zero value here) and stops it by `close()`.
 *
 * Not tried: whether the SDK's PWM accepts two bits on the ESP32 (its
 * lowest-frequency table starts at eight bits and is indexed with
 * `resolution - 8`; the frequency check then reads outside it, and any byte
 * it finds is below 4 MHz, so the check passes).
 */
export class LedcCardClock implements SlotPwm {
  readonly #pwm: PWM & { close(): void };

  /** @param options - the GPIO, and the frequency the driver asks for (must divide the APB clock evenly) */
  constructor(options: { pin: number; hz?: number }) {
    const hz = options.hz ?? LEDC_CARD_HZ;
    if (APB_HZ % (hz * 2 ** LEDC_RESOLUTION) !== 0) throw new XsposError("BOARD_CARD_CLOCK", `the LEDC cannot make ${hz} Hz from ${APB_HZ} Hz with a whole divider`);
    const Pwm = PWM as unknown as new (o: { pin: number; hz: number; resolution: number }) => PWM & { close(): void };
    this.#pwm = new Pwm({ pin: options.pin, hz, resolution: LEDC_RESOLUTION });
  }
  write(value: number): void {
    this.#pwm.write(value > 0 ? 2 ** (LEDC_RESOLUTION - 1) : 0);
  }
  close(): void {
    this.#pwm.close();
  }
}
