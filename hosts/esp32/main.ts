/**
 * ESP32 entry point: wires the drivers to the board's IO and hands their
 * events to the portable modules. Until the display driver lands, prompts
 * go to the debug console; they carry no more than the display would
 * (masked PAN).
 */
import { assessSwipe } from "../../modules/terminal/swipe-outcome.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import type { Swipe } from "../../drivers/magstripe/swipe.ts";
import { PINS, RMT_CHANNELS } from "./pins.ts";
import { RmtFluxCapture } from "./rmt-flux-capture.ts";
import { TimerClock } from "./timer-clock.ts";

function today(): { year: number; month: number } {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1 };
}

function onSwipe(swipe: Swipe): void {
  for (const t of swipe.tracks) if (!t.ok) trace(`track ${t.track}: ${t.error.code}\n`);
  const outcome = assessSwipe(swipe.tracks, { today: today(), chipFailed: false });
  trace(`${outcome.kind}: ${outcome.prompt.join(" / ")}\n`);
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
