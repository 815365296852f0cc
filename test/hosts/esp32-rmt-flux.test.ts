/**
 * The board's flux capture (hosts/esp32/rmt-flux-capture.ts) over a fake
 * of the SDK's `pins/rmt` receiver: the fake holds what the head sent in
 * a ring of its own, as the RMT driver's 4 KB ring buffer does, and gives
 * at most as many durations as the buffer it is handed holds.
 */
import test from "ava";
import { VirtualClock } from "../../modules/core/virtual-clock.ts";
import { encodeTrackBits, fluxIntervals } from "../../drivers/magstripe/encode.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import type { Swipe } from "../../drivers/magstripe/swipe.ts";
import { RmtFluxCapture, type RmtReceiver } from "../../hosts/esp32/rmt-flux-capture.ts";

// Magnetic Track Parser README example (sualeh/magnetictrackparser).
const T1 = "B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000";

/** The RMT driver's ring buffer: 4096 bytes, 2048 durations of 16 bits. */
const RMT_RING = 2048;

class FakeRmt implements RmtReceiver {
  static instances: FakeRmt[] = [];
  readonly waiting: number[] = [];
  reads = 0;
  closed = false;
  constructor(readonly options: { pin: number; channel: number; ringbufferSize: number }) {
    FakeRmt.instances.push(this);
  }
  /** the head's durations reach the driver's ring; beyond its size they are lost, as on the chip */
  receive(durations: ArrayLike<number>): void {
    for (let i = 0; i < durations.length && this.waiting.length < RMT_RING; i++) this.waiting.push(Math.min(durations[i], 0x7fff));
  }
  read(buffer: ArrayBuffer): { count: number } {
    this.reads++;
    const out = new Uint16Array(buffer);
    const count = Math.min(out.length, this.waiting.length);
    out.set(this.waiting.splice(0, count));
    return { count };
  }
  close(): void {
    this.closed = true;
  }
}

/** A `timer` on the virtual clock. */
function virtualTimer(clock: VirtualClock) {
  return {
    repeat: (callback: () => void, ms: number) => {
      const id = { stopped: false };
      const again = () => {
        if (id.stopped) return;
        callback();
        clock.set(again, ms);
      };
      clock.set(again, ms);
      return id;
    },
    clear: (id: { stopped: boolean }) => {
      id.stopped = true;
    },
  };
}

test("a track 1 swipe taken from the RMT in 512-duration chunks every 5 ms is decoded by the reader, and close releases the RMT and the poll", (t) => {
  FakeRmt.instances = [];
  const clock = new VirtualClock();
  const swipes: Swipe[] = [];
  const reader = new MagstripeReader({
    tracks: [{ track: 1, flux: { io: RmtFluxCapture, rmt: FakeRmt, timer: virtualTimer(clock), pin: 34, channel: 1 } }],
    clock,
    onSwipe: (s) => swipes.push(s),
  });
  const rmt = FakeRmt.instances[0];
  t.deepEqual([rmt.options.pin, rmt.options.channel, rmt.options.ringbufferSize], [34, 1, 4096]);
  const flux = fluxIntervals(1, encodeTrackBits(1, T1), { startSpeedCmS: 30 });
  t.true(flux.length > 512, "more than one chunk's worth");
  rmt.receive(flux);
  clock.advance(200);
  t.is(swipes.length, 1);
  t.deepEqual(swipes[0].tracks, [{ track: 1, ok: true, data: T1, direction: "forward" }]);
  reader.close();
  t.true(rmt.closed);
  const reads = rmt.reads;
  clock.advance(100);
  t.is(rmt.reads, reads, "no poll after close");
});

test("read hands out the last chunk once, and no poll takes from the RMT while a chunk waits for the reader", (t) => {
  FakeRmt.instances = [];
  const clock = new VirtualClock();
  let readable = 0;
  const capture = new RmtFluxCapture({ rmt: FakeRmt, timer: virtualTimer(clock), pin: 35, channel: 0, pollMs: 5, onReadable: () => readable++ });
  const rmt = FakeRmt.instances[0];
  rmt.receive(Array.from({ length: 700 }, (_, i) => 100 + i));
  clock.advance(5);
  t.is(readable, 1);
  clock.advance(20);
  t.is(readable, 1, "the chunk still waits: nothing more is taken");
  t.is(rmt.waiting.length, 700 - 512, "the rest stays in the RMT's ring");
  const first = capture.read();
  t.is(first.length, 512);
  t.deepEqual([first[0], first[511]], [100, 611]);
  t.is(capture.read().length, 0, "read twice gives nothing the second time");
  clock.advance(5);
  t.is(readable, 2);
  const second = capture.read();
  t.deepEqual([second.length, second[0], second[187]], [188, 612, 799]);
  capture.close();
});

test("a constructor whose RMT cannot open throws and leaves no poll running", (t) => {
  const clock = new VirtualClock();
  let repeats = 0;
  const timer = virtualTimer(clock);
  class Refusing implements RmtReceiver {
    constructor() {
      throw new Error("channel in use");
    }
    read(): { count: number } {
      return { count: 0 };
    }
    close(): void {}
  }
  t.throws(() => new RmtFluxCapture({ rmt: Refusing, timer: { repeat: (f, ms) => (repeats++, timer.repeat(f, ms)), clear: timer.clear }, pin: 35, channel: 0, onReadable: () => {} }), { message: "channel in use" });
  t.is(repeats, 0);
});
