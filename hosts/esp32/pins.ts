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
 * their part drives, since those pins have no pull-ups.
 */
export const PINS = {
  magstripe: {
    /** flux-reversal detector outputs (push-pull), one per head track */
    track1: 34,
    track2: 35,
    track3: 36,
  },
  /** the chip slot's TDA8024 */
  slot: {
    /** CMDVCC, low powers the card; external 10 kΩ pull-up keeps it off through reset (GPIO 15 high is its boot default) */
    cmdvcc: 15,
    /** RSTIN; nothing pulls it up, as GPIO 12 high at reset would select 1.8 V flash */
    rstin: 12,
    /** OFF: high with a card in and no fault (the TDA8024 pulls it up) */
    off: 39,
    /** I/OUC through the board's open-drain buffer (UART2 TX) and straight back (UART2 RX) */
    ioTransmit: 22,
    ioReceive: 21,
    uart: 2,
  },
  /** 4×5 matrix: rows are open-drain outputs, top first; columns pulled-up inputs, left first */
  keypad: {
    rows: [4, 25, 26, 5, 0],
    columns: [13, 14, 27, 32],
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
   * The 4G modem (Quectel EC21/EC25-class) on UART0, shared with the
   * console: fitted only on boards built without the debugger
   * (README.md). PWRKEY is held low through 10 kΩ, the modem's
   * automatic power-on, so it takes no GPIO.
   */
  modem: {
    transmit: 1,
    receive: 3,
    uart: 0,
  },
} as const;

/** RMT channels: one receive channel per magstripe track. */
export const RMT_CHANNELS = { track1: 4, track2: 5, track3: 6 } as const;
