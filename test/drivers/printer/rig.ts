/**
 * The printer driver against the virtual printer on a virtual clock, and
 * a sample receipt that exercises every kind of command.
 */
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { EscPosPrinter, type EscPosPrinterOptions } from "../../../drivers/printer/escpos-printer.ts";
import { encodeEscPos } from "../../../modules/escpos/escpos-encoder.ts";
import { loadGbTable } from "../../../modules/escpos/gb-table.ts";
import type { PrintJobState } from "../../../drivers/printer/print-job.ts";
import { printerProfile, type PrinterProfile } from "../../../modules/escpos/profile.ts";
import type { PrinterStatus } from "../../../drivers/printer/status.ts";
import { virtualPrinter, type VirtualPrinterConfig } from "../../../hosts/desktop/virtual-printer.ts";

/** An 80 mm Chinese model with small chunks, so a job has many status checks. */
export const PROFILE = printerProfile(80, { chinese: true, chunkBytes: 64 });

/** A short receipt: styles, Chinese, a native QR code, a small image, a cut. */
export function sampleJob(profile: PrinterProfile = PROFILE): Uint8Array {
  const image = new Uint8Array(4 * 12).map((_, i) => (i % 3 === 0 ? 0xf0 : 0x0f));
  return encodeEscPos(
    [
      { type: "text", text: "XSPOS 商店", align: "center", style: { bold: true, width: 2, height: 2 } },
      { type: "text", text: "Coffee 咖啡          3.50" },
      { type: "text", text: "TOTAL 合计           3.50", style: { bold: true } },
      { type: "image", width: 32, height: 12, bits: image, align: "center" },
      { type: "qr", data: "https://pay.example/r/000123", align: "center", moduleSize: 2 },
      { type: "text", text: "Thank you", align: "center", style: { font: "B" } },
      { type: "cut" },
    ],
    { profile, gb: loadGbTable() },
  ).bytes;
}

/** What `resume` sends to end an interrupted copy: ESC @, GS V 66 0. */
export const END_OF_COPY = [0x1b, 0x40, 0x1d, 0x56, 0x42, 0x00];

export function rig(config: VirtualPrinterConfig = {}, options: Partial<EscPosPrinterOptions> = {}) {
  const clock = new VirtualClock();
  const device = virtualPrinter({ clock, ...config });
  const statuses: PrinterStatus[] = [];
  const jobs: PrintJobState[] = [];
  const printer = new EscPosPrinter({
    serial: { io: device.Serial, port: 1, receive: 16, transmit: 17 },
    clock,
    profile: PROFILE,
    onStatus: (s) => statuses.push(s),
    onJob: (j) => jobs.push(j),
    ...options,
  });
  /** Runs work to its end on the virtual clock, 10 ms at a time. */
  const run = <T>(work: Promise<T>) => clock.settle(work, 10);
  const wait = (ms: number) => run(new Promise<void>((resolve) => clock.set(resolve, ms)));
  return { clock, printer, device: device.device, serial: device.instances, statuses, jobs, run, wait };
}
