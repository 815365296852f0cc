/**
 * Pin map of the xspos terminal board: an ESP32-WROVER module (GPIO 6-11
 * hold its flash, GPIO 16 and 17 its PSRAM) with every GPIO it has left
 * in use. hosts/esp32/README.md has the same map as a table, with the
 * parts behind each pin. Change it here, in one place, for another
 * board revision (and the `defines` of manifest.json for the screen).
 *
 * Strapping pins (0, 2, 5, 12, 15) carry outputs only, each with what
 * the boot straps need: nothing on them can hold a level at reset that
 * changes how the chip boots. Input-only pins (34-39) carry inputs that
 * their part drives, or that have a pull-up on the board, since those pins
 * have none inside.
 *
 * The head has tracks 1 and 2 only (ISO/IEC 7813 puts a payment card's
 * data there; track 3 is not read): that leaves GPIO 36 for a keypad
 * column and GPIO 32, the one free pin that can drive, for the modem's
 * power key, or, on a board without the modem, the LEDC card clock.
 */
export const PINS = {
  magstripe: {
    /** flux-reversal detector outputs (push-pull), one per head track */
    track1: 34,
    track2: 35,
  },
  /** the chip slot's TDA8024 */
  slot: {
    /** CMDVCC, low powers the card; external 10 kΩ pull-up keeps it off through reset (GPIO 15 high is its boot default) */
    cmdvcc: 15,
    /** RSTIN; nothing pulls it up, as GPIO 12 high at reset would select 1.8 V flash */
    rstin: 12,
    /** OFF: high with a card in and no fault (the TDA8024 pulls it up) */
    off: 39,
    /** I/OUC: driven through the board's open-drain buffer by the RMT, heard straight back by UART2 RX (card-line.ts) */
    ioTransmit: 22,
    ioReceive: 21,
    uart: 2,
    /** RMT channel that sends the card's characters (the magstripe takes 4 and 5) */
    rmtChannel: 0,
    /**
     * The LEDC card clock into the TDA8024's XTAL1, on boards built with
     * `BOARD.cardClock = "ledc"` (board.ts) and no crystal; the same GPIO
     * as the modem's power key, so not on a 4G board
     */
    clock: 32,
  },
  /**
   * 4×5 matrix: rows are open-drain outputs, top first; columns pulled-up
   * inputs, left first (column 4 on input-only GPIO 36 has a 10 kΩ pull-up
   * to 3V3 on the board)
   */
  keypad: {
    rows: [4, 25, 26, 5, 0],
    columns: [13, 14, 27, 36],
  },
  /** the thermal printer mechanism's controller, TTL UART, XON/XOFF (no status pins: DLE EOT over RX) */
  printer: {
    transmit: 33,
    receive: 19,
    uart: 1,
  },
  /** ILI9341 320×240 on VSPI; CS tied low, RESET to the module's EN, backlight to 3V3 (manifest.json `defines`) */
  display: {
    clock: 18,
    mosi: 23,
    dataCommand: 2,
  },
  /**
   * The 4G modem (Quectel EC21/EC25-class) on UART0, which the debugger
   * would take: fitted only on boards built without it (README.md).
   */
  modem: {
    transmit: 1,
    receive: 3,
    uart: 0,
    /**
     * PWRKEY through an NPN transistor (the open-collector drive of
     * Quectel's reference design): GPIO high pulls PWRKEY low. A 10 kΩ
     * pull-down on the base keeps it off while the ESP32 resets.
     */
    powerKey: 32,
  },
} as const;

/** RMT channels: one receive channel per magstripe track (the card line sends on `PINS.slot.rmtChannel`). */
export const RMT_CHANNELS = { track1: 4, track2: 5 } as const;
