import { maskPan } from "./mask.ts";
import { parseTrack } from "./track.ts";

/**
 * A track string safe to show: PAN masked (first 6, last 4) and the
 * discretionary data (which holds CVV/CVC and PIN verification values)
 * replaced by `*`. A string that is not a well-formed financial track keeps
 * its shape, with every run of 12 or more digits masked as a PAN.
 */
export function maskTrackText(text: string): string {
  try {
    const t = parseTrack(text);
    const panAt = text.indexOf(t.pan);
    let out = text.slice(0, panAt) + maskPan(t.pan) + text.slice(panAt + t.pan.length);
    if (t.discretionary.length > 0) {
      const end = out.endsWith("?") ? out.length - 1 : out.length;
      const start = end - t.discretionary.length;
      out = out.slice(0, start) + "*".repeat(t.discretionary.length) + out.slice(end);
    }
    return out;
  } catch {
    return text.replace(/[0-9]{12,}/g, (digits) => maskPan(digits));
  }
}
