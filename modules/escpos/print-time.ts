import type { PrinterProfile } from "./profile.ts";

/** How long a job takes on the printer, as the simulator's device clock counts it. */
export interface PrintTime {
  /** the bytes on the UART at the profile's speed, 10 bits a byte (8N1) */
  transmitMs: number;
  /** the paper moved at the head's speed (dot lines / (mm/s × dots/mm)), plus the cuts */
  printMs: number;
  /** the printer prints while it receives: the slower of the two */
  totalMs: number;
}

/**
 * The printing-time model: a job of `bytes` that moves `dotLines` of paper
 * and cuts `cuts` times. At 80 mm/s and 8 dots/mm the head prints 640 dot
 * lines a second; at 115 200 bit/s the line carries 11 520 bytes a second.
 */
export function printTime(job: { bytes: number; dotLines: number; cuts: number }, profile: PrinterProfile): PrintTime {
  const transmitMs = (job.bytes * 10 * 1000) / profile.baud;
  const printMs = (job.dotLines * 1000) / (profile.speedMmPerS * profile.dotsPerMm) + job.cuts * profile.cutMs;
  return { transmitMs, printMs, totalMs: Math.max(transmitMs, printMs) };
}
