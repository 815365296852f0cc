/**
 * PAN masking for anything but the authorization message: display,
 * receipts, journal and logs keep the first six and the last four digits
 * (PCI DSS 3.4), which is also what the BIN-based scheme lookup needs.
 */
export function maskPan(pan: string, fill = "*"): string {
  if (pan.length <= 10) return fill.repeat(pan.length);
  return pan.slice(0, 6) + fill.repeat(pan.length - 10) + pan.slice(-4);
}
