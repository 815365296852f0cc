import test from "ava";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";

const geometry = { blocks: 3, blockSize: 64 };

test("a new memory flash is erased and reports its geometry", (t) => {
  const flash = new MemoryFlash(geometry);
  t.is(flash.blocks, 3);
  t.is(flash.blockSize, 64);
  t.true(flash.read(0, 192).every((b) => b === 0xff));
});

test("writes can only clear bits: writing over written bytes ANDs them; an erase sets the block to FF", (t) => {
  const flash = new MemoryFlash(geometry);
  flash.write(70, Uint8Array.of(0xf0, 0x0f, 0xaa));
  flash.write(70, Uint8Array.of(0x3c, 0x3c, 0xff));
  t.deepEqual(flash.read(70, 3), Uint8Array.of(0x30, 0x0c, 0xaa));
  flash.eraseBlock(1);
  t.deepEqual(flash.read(70, 3), Uint8Array.of(0xff, 0xff, 0xff));
  t.is(flash.writes, 2);
  t.is(flash.erases, 1);
  t.is(flash.bytesWritten, 6);
});

test("reads, writes and erases outside the partition are FLASH_RANGE errors", (t) => {
  const flash = new MemoryFlash(geometry);
  t.throws(() => flash.read(190, 3), { code: "FLASH_RANGE" });
  t.throws(() => flash.read(-1, 1), { code: "FLASH_RANGE" });
  t.throws(() => flash.write(191, Uint8Array.of(1, 2)), { code: "FLASH_RANGE" });
  t.throws(() => flash.eraseBlock(3), { code: "FLASH_RANGE" });
  t.throws(() => flash.eraseBlock(0.5), { code: "FLASH_RANGE" });
  t.throws(() => new MemoryFlash({ blocks: 0, blockSize: 64 }), { code: "FLASH_GEOMETRY" });
  t.throws(() => new MemoryFlash({ ...geometry, contents: new Uint8Array(10) }), { code: "FLASH_GEOMETRY" });
});

test("a cut write leaves a strict prefix applied and possibly one byte partly programmed, then every call fails until reboot", (t) => {
  for (let seed = 1; seed <= 50; seed++) {
    const flash = new MemoryFlash({ ...geometry, random: seededRandom(seed) });
    flash.write(0, Uint8Array.of(1));
    flash.cutPowerAt(2);
    const bytes = Uint8Array.of(0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77);
    t.throws(() => flash.write(8, bytes), { code: "FLASH_POWER_CUT" });
    t.false(flash.powered);
    t.throws(() => flash.read(0, 1), { code: "FLASH_POWER_CUT" });
    t.throws(() => flash.eraseBlock(0), { code: "FLASH_POWER_CUT" });
    const after = flash.reboot().read(8, 8);
    let prefix = 0;
    while (prefix < 8 && after[prefix] === bytes[prefix]) prefix++;
    t.true(prefix < 8, `seed ${seed}: the whole write landed`);
    // the byte after the prefix only lost bits it was to lose; everything after it is untouched
    t.is(after[prefix] & bytes[prefix], bytes[prefix], `seed ${seed}`);
    t.true(after.subarray(prefix + 1).every((b) => b === 0xff), `seed ${seed}`);
  }
});

test("without a torn byte a cut write leaves exactly a prefix", (t) => {
  for (let seed = 1; seed <= 20; seed++) {
    const flash = new MemoryFlash({ ...geometry, random: seededRandom(seed) });
    flash.cutPowerAt(1, { tornByte: false });
    t.throws(() => flash.write(0, new Uint8Array(16)), { code: "FLASH_POWER_CUT" });
    const after = flash.reboot().read(0, 16);
    const zeros = after.findIndex((b) => b !== 0);
    t.true(zeros >= 0, `seed ${seed}`);
    t.true(after.subarray(zeros).every((b) => b === 0xff), `seed ${seed}`);
  }
});

test("a cut erase leaves the block half-erased: some bytes FF, others not, other blocks untouched", (t) => {
  const flash = new MemoryFlash({ ...geometry, random: seededRandom(3) });
  flash.write(0, new Uint8Array(192));
  flash.cutPowerAt(2);
  t.throws(() => flash.eraseBlock(1), { code: "FLASH_POWER_CUT" });
  const after = flash.reboot();
  const block = after.read(64, 64);
  t.true(block.some((b) => b === 0xff));
  t.true(block.some((b) => b !== 0xff));
  t.true(after.read(0, 64).every((b) => b === 0));
  t.true(after.read(128, 64).every((b) => b === 0));
  t.true(after.powered);
  after.eraseBlock(1);
  t.true(after.read(64, 64).every((b) => b === 0xff));
});
