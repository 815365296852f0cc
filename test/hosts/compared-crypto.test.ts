import test from "ava";
import { ComparedCrypto } from "../../hosts/sim/compared-crypto.ts";
import { SoftwareCrypto } from "../../modules/crypto/software-crypto.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import type { BlockAlgorithm, BlockMode } from "../../modules/crypto/port.ts";

const zeros = (n: number) => new Uint8Array(n);
// J. Orlin Grabbe, "The DES Algorithm Illustrated": key 133457799BBCDFF1, plaintext 0123456789ABCDEF, ciphertext 85E813540F0AB405
const KEY = fromHex("133457799BBCDFF1");
const PLAIN = fromHex("0123456789ABCDEF");

/** A backend whose ciphertext has its last bit flipped: what the check must catch. */
class FlippedCrypto extends SoftwareCrypto {
  protected override block(encrypt: boolean, alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    const out = super.block(encrypt, alg, mode, key, data, iv);
    out[out.length - 1] ^= 1;
    return out;
  }
}

test("two backends that agree: the answer is the published DES ciphertext and the call is counted", (t) => {
  const compared = new ComparedCrypto(new SoftwareCrypto(zeros), new SoftwareCrypto(zeros));
  t.is(toHex(compared.blockEncrypt("DES", "ECB", KEY, PLAIN)), "85E813540F0AB405");
  t.is(compared.compared, 1);
});

test("a backend whose ciphertext differs from the reference's fails the call while checking, and answers alone once checking is off", (t) => {
  const compared = new ComparedCrypto(new FlippedCrypto(zeros), new SoftwareCrypto(zeros));
  t.throws(() => compared.blockEncrypt("DES", "ECB", KEY, PLAIN), { message: /DES-ECB encryption of 8 bytes: the backend under test and the reference differ/ });
  compared.checking = false;
  t.is(toHex(compared.blockEncrypt("DES", "ECB", KEY, PLAIN)), "85E813540F0AB404");
});
