/**
 * ESP32 entry point: wires the drivers to the board's IO and hands their
 * events to the portable modules.
 */
import { cardFromTracks } from "../../modules/card/card.ts";
import { maskPan } from "../../modules/card/mask.ts";
import { parseTrack } from "../../modules/card/track.ts";
import { XsposError } from "../../modules/core/error.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import type { Swipe } from "../../drivers/magstripe/swipe.ts";
import { PINS, RMT_CHANNELS } from "./pins.ts";
import { RmtFluxCapture } from "./rmt-flux-capture.ts";
import { TimerClock } from "./timer-clock.ts";

function onSwipe(swipe: Swipe): void {
  const tracks = [];
  for (const t of swipe.tracks) {
    if (t.ok && t.track !== 3) tracks.push(parseTrack(t.data));
    else if (!t.ok) trace(`track ${t.track}: ${t.error.code}\n`);
  }
  try {
    const card = cardFromTracks(tracks);
    trace(`card ${maskPan(card.pan)} ${card.scheme}${card.serviceCode?.chipCard ? " (chip: insert the card)" : ""}\n`);
  } catch (e) {
    trace(`swipe refused: ${e instanceof XsposError ? e.code : "error"}\n`);
  }
}

new MagstripeReader({
  tracks: [
    { track: 1, flux: { io: RmtFluxCapture, pin: PINS.magstripe.track1, channel: RMT_CHANNELS.track1 } },
    { track: 2, flux: { io: RmtFluxCapture, pin: PINS.magstripe.track2, channel: RMT_CHANNELS.track2 } },
    { track: 3, flux: { io: RmtFluxCapture, pin: PINS.magstripe.track3, channel: RMT_CHANNELS.track3 } },
  ],
  clock: new TimerClock(),
  onSwipe,
});
