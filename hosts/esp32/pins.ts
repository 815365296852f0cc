/**
 * Pin map of the xspos ESP32 terminal board (ESP32-WROVER module).
 * Change it here, in one place, for another board revision.
 */
export const PINS = {
  magstripe: {
    /** flux-reversal detector outputs, one per head track */
    track1: 34,
    track2: 35,
    track3: 36,
  },
} as const;

/** RMT channels: one receive channel per magstripe track. */
export const RMT_CHANNELS = { track1: 4, track2: 5, track3: 6 } as const;
