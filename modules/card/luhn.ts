/**
 * Luhn (mod 10) check digit, as ISO/IEC 7812-1 Annex B specifies for the
 * last digit of a PAN.
 */

function weightedSum(digits: string, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

const TWO_OR_MORE_DIGITS = /^[0-9]{2,}$/;

/** True when the last digit of `digits` is its Luhn check digit. */
export function luhnValid(digits: string): boolean {
  if (!TWO_OR_MORE_DIGITS.test(digits)) return false;
  return weightedSum(digits, false) % 10 === 0;
}

/** The Luhn check digit to append to `digits` (which must be all digits). */
export function luhnCheckDigit(digits: string): number {
  return (10 - (weightedSum(digits, true) % 10)) % 10;
}
