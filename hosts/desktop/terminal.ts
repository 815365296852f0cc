/**
 * The desktop simulator's firmware image, run on the XS engine: the
 * magstripe driver on virtual heads and a virtual clock, and the
 * terminal's swipe decision, showing its prompts on the front end's
 * display. The front end drives it through `globalThis.xsposSim`.
 */
import { VirtualClock } from "../../modules/core/virtual-clock.ts";
import { assessSwipe } from "../../modules/terminal/swipe-outcome.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import { encodeTrackBits, fluxIntervals, seededRandom, type SwipeProfile } from "../../drivers/magstripe/encode.ts";
import type { Swipe } from "../../drivers/magstripe/swipe.ts";
import { VirtualHead } from "./virtual-head.ts";
import { send } from "./xs-channel.ts";
import type { SimCard } from "./cards.ts";

/** How the front end asks for a swipe. */
export interface SwipeRequest {
  card: SimCard;
  /** cm/s at the start and end of the swipe */
  speed: [number, number];
  reverse: boolean;
  /** relative jitter of each flux interval */
  jitter: number;
  /** flip one recorded bit on every track (a scratched stripe) */
  damage: boolean;
  seed: number;
}

const clock = new VirtualClock(0);
let today = { year: 2026, month: 1 };
let chipFailed = false;

function display(lines: string[]): void {
  send({ type: "display", lines });
}

function onSwipe(swipe: Swipe): void {
  const reads = swipe.tracks.map((t) => (t.ok ? `T${t.track} ok ${t.direction}` : `T${t.track} ${t.error.code}`));
  send({ type: "log", text: `swipe at ${swipe.at} ms: ${reads.join(", ")}` });
  const outcome = assessSwipe(swipe.tracks, { today, chipFailed });
  if (outcome.kind === "accepted") {
    const s = outcome.summary;
    const lines = [...outcome.prompt, `EXP ${s.expiry ?? "----"}  SC ${s.serviceCode?.code ?? "---"}`];
    if (outcome.fallback) lines.push("FALLBACK TO STRIPE");
    display(lines);
  } else if (outcome.kind === "use-chip") {
    display([...outcome.prompt, outcome.summary.pan]);
  } else {
    send({ type: "log", text: `rejected: ${outcome.code}` });
    display(outcome.prompt);
  }
}

const reader = new MagstripeReader({
  tracks: [1, 2, 3].map((track) => ({ track: track as 1 | 2 | 3, flux: { io: VirtualHead, track } })),
  clock,
  onSwipe,
});

function swipe(request: SwipeRequest): void {
  const random = seededRandom(request.seed);
  for (const track of [1, 2, 3] as const) {
    const data = request.card.tracks[track];
    const head = VirtualHead.byTrack.get(track)!;
    if (data === undefined) continue;
    const bits = encodeTrackBits(track, data);
    if (request.damage) bits[24 + (track === 1 ? 7 : 5) * 3 + 1] ^= 1;
    const profile: SwipeProfile = {
      startSpeedCmS: request.speed[0],
      endSpeedCmS: request.speed[1],
      jitter: request.jitter,
      random,
      reverse: request.reverse,
    };
    head.play(fluxIntervals(track, bits, profile));
  }
  // the card takes a few hundred ms to go by; then the reader's idle timer ends the swipe
  clock.advance(1000);
}

(globalThis as Record<string, unknown>).xsposSim = {
  start(date: { year: number; month: number }) {
    today = date;
    display(["XSPOS", "SWIPE CARD"]);
  },
  swipe,
  setChipFailed(failed: boolean) {
    chipFailed = failed;
    display(failed ? ["CHIP READ FAILED", "SWIPE CARD"] : ["SWIPE CARD"]);
  },
  close() {
    reader.close();
  },
};
